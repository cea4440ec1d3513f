use std::collections::HashMap;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, RwLock};

#[derive(Default)]
pub struct LoginConfigHandler {
    pub version: i64,
    pub view_only_session: bool,
    custom_resolutions: HashMap<i32, (i32, i32)>,
}

impl LoginConfigHandler {
    pub fn get_custom_resolution(&self, display: i32) -> Option<(i32, i32)> {
        self.custom_resolutions.get(&display).copied()
    }

    pub fn set_custom_resolution(&mut self, display: i32, wh: Option<(i32, i32)>) {
        match wh {
            Some(wh) => {
                self.custom_resolutions.insert(display, wh);
            }
            None => {
                self.custom_resolutions.remove(&display);
            }
        }
    }
}

#[derive(Default, Clone, Copy)]
pub struct ChangeDisplayRecord {
    display: i32,
    width: i32,
    height: i32,
}

impl ChangeDisplayRecord {
    fn new(display: i32, width: i32, height: i32) -> Self {
        Self { display, width, height }
    }
}

pub enum Data {
    ChangeResolution { display: i32, width: i32, height: i32, multi_ui_session: bool },
}

fn is_support_multi_ui_session_num(version: i64) -> bool {
    version >= 1_002_004
}

#[derive(Clone)]
pub struct Session {
    pub lc: Arc<RwLock<LoginConfigHandler>>,
    last_change_display: Arc<Mutex<ChangeDisplayRecord>>,
    sender: Sender<Data>,
}

impl Session {
    pub fn new(sender: Sender<Data>) -> Self {
        Session {
            lc: Default::default(),
            last_change_display: Default::default(),
            sender,
        }
    }

    fn send(&self, data: Data) {
        self.sender.send(data).ok();
    }

    // io_loop thread: peer switched display, remember (or drop) the custom resolution
    pub fn set_custom_resolution(&self, display: i32, width: i32, height: i32) {
        let last = *self.last_change_display.lock().unwrap();
        let wh = if last.display == display && last.width == width && last.height == height {
            Some((width, height))
        } else {
            None
        };
        self.lc.write().unwrap().set_custom_resolution(display, wh);
    }

    #[inline]
    pub fn change_resolution(&self, display: i32, width: i32, height: i32) {
        *self.last_change_display.lock().unwrap() = ChangeDisplayRecord::new(display, width, height);
        self.do_change_resolution(display, width, height);
    }

    // called from handle_peer_info()
    #[inline]
    pub fn try_change_init_resolution(&self, display: i32) {
        if let Some((w, h)) = self.lc.read().unwrap().get_custom_resolution(display) {
            self.change_resolution(display, w, h);
        }
    }

    fn do_change_resolution(&self, display: i32, width: i32, height: i32) {
        let multi_ui_session = is_support_multi_ui_session_num(self.lc.read().unwrap().version);
        self.send(Data::ChangeResolution { display, width, height, multi_ui_session });
    }
}
