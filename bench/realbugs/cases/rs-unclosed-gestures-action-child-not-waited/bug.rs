//! Reduction of riley-martin/gestures src/gestures.rs (action execution, before gestures#9).
use std::process::Command;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Direction {
    Up,
    Down,
    Left,
    Right,
}

#[derive(Debug, Clone)]
pub struct Swipe {
    pub direction: Direction,
    pub fingers: i32,
    pub action: String,
}

pub struct EventHandler {
    gestures: Vec<Swipe>,
}

impl EventHandler {
    pub fn new(gestures: Vec<Swipe>) -> Self {
        Self { gestures }
    }

    pub fn handle_swipe_end(&self, direction: Direction, fingers: i32) -> std::io::Result<()> {
        for gesture in &self.gestures {
            if gesture.direction == direction && gesture.fingers == fingers {
                exec_command_from_string(&gesture.action)?;
            }
        }
        Ok(())
    }
}

pub fn exec_command_from_string(args: &str) -> std::io::Result<()> {
    if args.is_empty() {
        return Ok(());
    }
    Command::new("sh").arg("-c").arg(args).spawn()?;
    Ok(())
}

fn main() -> std::io::Result<()> {
    let handler = EventHandler::new(vec![
        Swipe { direction: Direction::Left, fingers: 3, action: "true".into() },
        Swipe { direction: Direction::Right, fingers: 3, action: "echo workspace-next".into() },
    ]);
    // libinput event loop: every recognised swipe runs its action
    for i in 0..50 {
        let dir = if i % 2 == 0 { Direction::Left } else { Direction::Right };
        handler.handle_swipe_end(dir, 3)?;
    }
    Ok(())
}
