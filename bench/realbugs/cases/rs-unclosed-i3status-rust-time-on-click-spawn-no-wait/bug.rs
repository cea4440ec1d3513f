// i3status-rust: src/blocks/time.rs and src/blocks/sound.rs (on_click handlers)
use std::io;
use std::process::Command;

pub enum MouseButton {
    Left,
    Right,
    WheelUp,
    WheelDown,
}

pub struct I3BarEvent {
    pub name: Option<String>,
    pub button: MouseButton,
}

pub struct Time {
    id: String,
    format: String,
    on_click: Option<String>,
}

impl Time {
    pub fn new(id: String, format: String, on_click: Option<String>) -> Time {
        Time { id, format, on_click }
    }

    pub fn update(&mut self) -> String {
        self.format.clone()
    }

    pub fn click(&mut self, e: &I3BarEvent) -> io::Result<()> {
        if let Some(ref name) = e.name {
            if name.as_str() == self.id {
                if let MouseButton::Left = e.button {
                    if let Some(ref cmd) = self.on_click {
                        Command::new("sh").args(&["-c", cmd]).spawn().ok();
                    }
                }
            }
        }
        Ok(())
    }
}

pub struct Sound {
    id: String,
    step_width: u32,
    on_click: Option<String>,
    volume: u32,
}

impl Sound {
    pub fn click(&mut self, e: &I3BarEvent) -> io::Result<()> {
        if let Some(ref name) = e.name {
            if name.as_str() != self.id {
                return Ok(());
            }
            match e.button {
                MouseButton::Right => self.volume = 0,
                MouseButton::Left => {
                    if let Some(ref cmd) = self.on_click {
                        Command::new("sh").args(&["-c", cmd]).spawn().ok();
                    }
                }
                MouseButton::WheelUp => self.volume = (self.volume + self.step_width).min(100),
                MouseButton::WheelDown => self.volume = self.volume.saturating_sub(self.step_width),
            }
        }
        Ok(())
    }
}

/// Main loop of the bar: every click event from i3bar goes to the blocks.
pub fn dispatch(time: &mut Time, sound: &mut Sound, events: Vec<I3BarEvent>) -> io::Result<()> {
    for event in events {
        time.click(&event)?;
        sound.click(&event)?;
    }
    Ok(())
}
