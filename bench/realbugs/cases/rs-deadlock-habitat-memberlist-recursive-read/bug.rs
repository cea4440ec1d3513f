use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::thread;

#[derive(Clone, Debug, PartialEq)]
enum Health { Alive, Suspect, Confirmed }

struct MemberList {
    members: RwLock<HashMap<String, Health>>,
}

impl MemberList {
    fn new() -> Self { MemberList { members: RwLock::new(HashMap::new()) } }

    fn insert(&self, id: &str, health: Health) {
        self.members.write().expect("member lock poisoned").insert(id.to_string(), health);
    }

    fn health_of(&self, id: &str) -> Option<Health> {
        self.members.read().expect("member lock poisoned").get(id).cloned()
    }

    fn with_members<F: FnMut(&str, &Health)>(&self, mut f: F) {
        let members = self.members.read().expect("member lock poisoned");
        for (id, health) in members.iter() {
            f(id, health);
        }
    }

    fn alive_count(&self) -> usize {
        let mut n = 0;
        self.with_members(|id, _| {
            if self.health_of(id) == Some(Health::Alive) { n += 1; }
        });
        n
    }
}

fn main() {
    let list = Arc::new(MemberList::new());
    for i in 0..64 { list.insert(&format!("m{}", i), Health::Alive); }
    let writer = {
        let list = Arc::clone(&list);
        thread::spawn(move || {
            for i in 0..10_000 { list.insert(&format!("m{}", i % 64), if i % 2 == 0 { Health::Suspect } else { Health::Confirmed }); }
        })
    };
    for _ in 0..10_000 { let _ = list.alive_count(); }
    writer.join().unwrap();
}
