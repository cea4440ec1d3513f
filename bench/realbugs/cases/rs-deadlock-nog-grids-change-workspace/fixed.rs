// Reduced from nog (twm/src/workspace.rs + tile_grid): the global GRIDS mutex
// is locked once by the caller and the guarded Vec is passed down to
// change_workspace() instead of re-locking GRIDS there.
use lazy_static::lazy_static;
use std::sync::Mutex;

pub struct TileGrid {
    pub id: i32,
    pub visible: bool,
    pub windows: Vec<u32>,
}

impl TileGrid {
    pub fn new(id: i32) -> TileGrid {
        TileGrid { id, visible: id == 1, windows: Vec::new() }
    }
    pub fn show(&mut self) {
        self.visible = true;
    }
    pub fn hide(&mut self) {
        self.visible = false;
    }
}

lazy_static! {
    pub static ref GRIDS: Mutex<Vec<TileGrid>> =
        Mutex::new((1..11).map(TileGrid::new).collect::<Vec<TileGrid>>());
    pub static ref WORKSPACE_ID: Mutex<i32> = Mutex::new(1);
}

pub fn change_workspace(id: i32, grids: &mut Vec<TileGrid>) -> Result<(), String> {
    let mut workspace_id = WORKSPACE_ID.lock().unwrap();
    if let Some(old) = grids.iter_mut().find(|g| g.id == *workspace_id) {
        old.hide();
    }
    let new = grids
        .iter_mut()
        .find(|g| g.id == id)
        .ok_or(format!("no workspace {}", id))?;
    new.show();
    *workspace_id = id;
    Ok(())
}

pub fn move_window_to_workspace(window: u32, id: i32) -> Result<(), String> {
    let mut grids = GRIDS.lock().unwrap();
    let current = *WORKSPACE_ID.lock().unwrap();
    if let Some(grid) = grids.iter_mut().find(|g| g.id == current) {
        grid.windows.retain(|w| *w != window);
    }
    grids
        .iter_mut()
        .find(|g| g.id == id)
        .ok_or(format!("no workspace {}", id))?
        .windows
        .push(window);
    change_workspace(id, &mut grids)
}

fn main() {
    move_window_to_workspace(42, 3).unwrap();
    println!("now on workspace {}", *WORKSPACE_ID.lock().unwrap());
}
