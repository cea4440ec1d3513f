// Reduced from twilight-rs/twilight PR #63 ("Fix deadlocks in cache").
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

type GuildId = u64;
type ChannelId = u64;

#[derive(Clone, Debug)]
pub struct CachedGuild {
    pub id: GuildId,
    pub name: String,
    pub channels: HashSet<ChannelId>,
}

#[derive(Default)]
struct InMemoryCacheRef {
    guilds: Mutex<HashMap<GuildId, Arc<CachedGuild>>>,
    channels: Mutex<HashMap<ChannelId, GuildId>>,
}

#[derive(Clone, Default)]
pub struct InMemoryCache(Arc<InMemoryCacheRef>);

impl InMemoryCache {
    pub fn guild(&self, id: GuildId) -> Option<Arc<CachedGuild>> {
        self.0.guilds.lock().unwrap().get(&id).cloned()
    }

    pub fn cache_guild(&self, id: GuildId, name: &str, channels: &[ChannelId]) {
        let mut set = HashSet::new();
        for c in channels {
            self.0.channels.lock().unwrap().insert(*c, id);
            set.insert(*c);
        }
        let guild = Arc::new(CachedGuild { id, name: name.to_owned(), channels: set });
        // insert in a scope of its own so the guard is gone before any re-lookup
        {
            let mut guilds = self.0.guilds.lock().unwrap();
            guilds.insert(id, Arc::clone(&guild));
        }
        println!("cached guild {} with {} channels", guild.name, guild.channels.len());
    }

    pub fn delete_guild(&self, id: GuildId) {
        let removed = self.0.guilds.lock().unwrap().remove(&id);
        if let Some(guild) = removed {
            let mut channels = self.0.channels.lock().unwrap();
            for c in &guild.channels {
                channels.remove(c);
            }
        }
    }
}

fn main() {
    let cache = InMemoryCache::default();
    let c2 = cache.clone();
    let t = std::thread::spawn(move || c2.cache_guild(1, "rust", &[10, 11]));
    t.join().unwrap();
    cache.delete_guild(1);
}
