// gpui: crates/gpui/src/platform/mac/platform.rs (reduced)
use parking_lot::Mutex;
use std::any::Any;
use std::rc::Rc;

pub trait Action: Any {
    fn name(&self) -> &'static str;
    fn boxed_clone(&self) -> Box<dyn Action>;
}

#[derive(Clone)]
pub struct Copy;

impl Action for Copy {
    fn name(&self) -> &'static str {
        "editor::Copy"
    }
    fn boxed_clone(&self) -> Box<dyn Action> {
        Box::new(self.clone())
    }
}

pub struct ClipboardItem {
    pub text: String,
}

pub struct MacPlatformState {
    pasteboard: Vec<ClipboardItem>,
    menu_command: Option<Box<dyn FnMut(&dyn Action)>>,
    validate_menu_command: Option<Box<dyn FnMut(&dyn Action) -> bool>>,
    menu_actions: Vec<Box<dyn Action>>,
}

pub struct MacPlatform(Mutex<MacPlatformState>);

impl MacPlatform {
    pub fn new() -> Self {
        Self(Mutex::new(MacPlatformState {
            pasteboard: Vec::new(),
            menu_command: None,
            validate_menu_command: None,
            menu_actions: vec![Box::new(Copy)],
        }))
    }

    pub fn on_menu_command(&self, callback: Box<dyn FnMut(&dyn Action)>) {
        self.0.lock().menu_command = Some(callback);
    }

    pub fn on_validate_menu_command(&self, callback: Box<dyn FnMut(&dyn Action) -> bool>) {
        self.0.lock().validate_menu_command = Some(callback);
    }

    pub fn write_to_clipboard(&self, item: ClipboardItem) {
        let mut state = self.0.lock();
        state.pasteboard.clear();
        state.pasteboard.push(item);
    }
}

unsafe fn get_mac_platform(this: *const MacPlatform) -> &'static MacPlatform {
    assert!(!this.is_null());
    &*this
}

// Called by AppKit when the user picks a menu item (e.g. Edit -> Copy).
extern "C" fn handle_menu_item(this: *const MacPlatform, tag: isize) {
    unsafe {
        let platform = get_mac_platform(this);
        let mut lock = platform.0.lock();
        if let Some(mut callback) = lock.menu_command.take() {
            let index = tag as usize;
            if let Some(action) = lock.menu_actions.get(index) {
                let action = action.boxed_clone();
                drop(lock);
                callback(&*action);
            }
            platform.0.lock().menu_command.get_or_insert(callback);
        }
    }
}

extern "C" fn validate_menu_item(this: *const MacPlatform, tag: isize) -> bool {
    unsafe {
        let mut result = false;
        let platform = get_mac_platform(this);
        let mut lock = platform.0.lock();
        if let Some(mut callback) = lock.validate_menu_command.take() {
            let index = tag as usize;
            if let Some(action) = lock.menu_actions.get(index) {
                let action = action.boxed_clone();
                drop(lock);
                result = callback(&*action);
            }
            platform.0.lock().validate_menu_command.get_or_insert(callback);
        }
        result
    }
}

// App side: the menu command dispatches the action to the focused editor,
// whose Copy handler writes the selection to the system clipboard.
pub fn init_app_menus(platform: Rc<MacPlatform>, selection: String) {
    let p = platform.clone();
    platform.on_menu_command(Box::new(move |action| {
        if action.name() == "editor::Copy" {
            p.write_to_clipboard(ClipboardItem { text: selection.clone() });
        }
    }));
    platform.on_validate_menu_command(Box::new(|_| true));
    if validate_menu_item(Rc::as_ptr(&platform), 0) {
        handle_menu_item(Rc::as_ptr(&platform), 0);
    }
}
