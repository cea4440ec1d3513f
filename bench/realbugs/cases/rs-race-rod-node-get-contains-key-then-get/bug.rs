use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::thread;

#[derive(Clone, Default)]
pub struct Node {
    inner: Arc<NodeInner>,
}

#[derive(Default)]
struct NodeInner {
    path: Vec<String>,
    children: RwLock<BTreeMap<String, Node>>,
}

impl Node {
    fn new_child(&self, key: &str) -> Node {
        let mut path = self.inner.path.clone();
        path.push(key.to_string());
        Node {
            inner: Arc::new(NodeInner { path, children: RwLock::new(BTreeMap::new()) }),
        }
    }

    /// Returns the child at `key`, creating it if needed.
    pub fn get(&self, key: &str) -> Node {
        if self.inner.children.read().unwrap().contains_key(key) {
            // the read guard above is already dropped: unset() can remove the
            // key here, and the unwrap below panics
            return self.inner.children.read().unwrap().get(key).unwrap().clone();
        }
        let node = self.new_child(key);
        self.inner
            .children
            .write()
            .unwrap()
            .insert(key.to_string(), node.clone());
        node
    }

    pub fn unset(&self, key: &str) {
        self.inner.children.write().unwrap().remove(key);
    }

    pub fn path(&self) -> String {
        self.inner.path.join("/")
    }
}

fn main() {
    let root = Node::default();
    let getter = {
        let root = root.clone();
        thread::spawn(move || {
            for _ in 0..100_000 {
                let _ = root.get("users").path();
            }
        })
    };
    let remover = {
        let root = root.clone();
        thread::spawn(move || {
            for _ in 0..100_000 {
                root.unset("users");
            }
        })
    };
    getter.join().unwrap();
    remover.join().unwrap();
    println!("done: {}", root.get("users").path());
}
