//! elmesque: reduction of src/element.rs.  Every new graphics Element gets
//! a unique id from the global GUID counter.  Element construction happens
//! on whichever thread builds the scene (here: several worker threads).

use std::thread;

/// The global graphics unique identifier counter.
pub type Guid = u64;
pub static mut GUID: Guid = 0;

/// Increment the GUID and return the new GUID.
fn guid() -> Guid {
    unsafe {
        GUID += 1;
        GUID
    }
}

#[derive(Debug, Clone)]
pub enum Prim {
    Spacer,
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Properties {
    pub id: Guid,
    pub width: i32,
    pub height: i32,
    pub opacity: f32,
}

#[derive(Debug, Clone)]
pub struct Element {
    pub props: Properties,
    pub element: Prim,
}

fn new_element(w: i32, h: i32, element: Prim) -> Element {
    Element {
        props: Properties { id: guid(), width: w, height: h, opacity: 1.0 },
        element,
    }
}

pub fn spacer(w: i32, h: i32) -> Element {
    new_element(w, h, Prim::Spacer)
}

pub fn text(s: &str) -> Element {
    new_element(8 * s.len() as i32, 16, Prim::Text(s.to_string()))
}

fn main() {
    let handles: Vec<_> = (0..4)
        .map(|t| {
            thread::spawn(move || {
                (0..10_000)
                    .map(|i| if i % 2 == 0 { spacer(t, i) } else { text("cell") }.props.id)
                    .collect::<Vec<Guid>>()
            })
        })
        .collect();
    let mut ids: Vec<Guid> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    println!("{} elements, {} distinct ids", total, ids.len());
}
