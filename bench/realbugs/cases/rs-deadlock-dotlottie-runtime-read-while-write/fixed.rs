// Reduced from LottieFiles/dotlottie-rs#68: DotLottiePlayer::load_animation_path()
// keeps the runtime write guard alive while it notifies observers and checks
// the autoplay config, and config() re-locks the runtime. Fixed by reading the
// config through the guard already held and releasing it before notifying.
use std::sync::{Arc, RwLock};

#[derive(Clone, Debug, Default)]
pub struct Config {
    pub autoplay: bool,
    pub loop_animation: bool,
}

pub trait Observer: Send + Sync {
    fn on_load(&self);
    fn on_play(&self);
}

struct Printer;

impl Observer for Printer {
    fn on_load(&self) {
        println!("load");
    }
    fn on_play(&self) {
        println!("play");
    }
}

#[derive(Default)]
struct DotLottieRuntime {
    config: Config,
    loaded: bool,
    playing: bool,
}

impl DotLottieRuntime {
    fn load_animation_path(&mut self, path: &str, _width: u32, _height: u32) -> bool {
        self.loaded = path.ends_with(".json") || path.ends_with(".lottie");
        self.loaded
    }
}

pub struct DotLottiePlayer {
    runtime: RwLock<DotLottieRuntime>,
    observers: RwLock<Vec<Arc<dyn Observer>>>,
}

impl DotLottiePlayer {
    pub fn new(config: Config) -> Self {
        DotLottiePlayer {
            runtime: RwLock::new(DotLottieRuntime { config, ..Default::default() }),
            observers: RwLock::new(Vec::new()),
        }
    }

    pub fn subscribe(&self, observer: Arc<dyn Observer>) {
        self.observers.write().unwrap().push(observer);
    }

    pub fn config(&self) -> Config {
        self.runtime.read().unwrap().config.clone()
    }

    pub fn load_animation_path(&self, path: &str, width: u32, height: u32) -> bool {
        let (ok, autoplay) = {
            let mut runtime = self.runtime.write().unwrap();
            let ok = runtime.load_animation_path(path, width, height);
            let autoplay = ok && runtime.config.autoplay;
            if autoplay {
                runtime.playing = true;
            }
            (ok, autoplay)
        };
        if ok {
            self.observers.read().unwrap().iter().for_each(|o| o.on_load());
            if autoplay {
                self.observers.read().unwrap().iter().for_each(|o| o.on_play());
            }
        }
        ok
    }
}

fn main() {
    let player = DotLottiePlayer::new(Config { autoplay: true, loop_animation: false });
    player.subscribe(Arc::new(Printer));
    println!("loaded: {}", player.load_animation_path("anim.json", 512, 512));
}
