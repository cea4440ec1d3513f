use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// Track turbo boost state for AC and battery power modes
struct TurboHysteresisStates {
    /// State for when on AC power
    charger: TurboHysteresis,
    /// State for when on battery power
    battery: TurboHysteresis,
}

impl TurboHysteresisStates {
    const fn new() -> Self {
        Self { charger: TurboHysteresis::new(), battery: TurboHysteresis::new() }
    }

    const fn get_for_power_state(&self, is_on_ac: bool) -> &TurboHysteresis {
        if is_on_ac { &self.charger } else { &self.battery }
    }
}

static TURBO_STATES: OnceLock<TurboHysteresisStates> = OnceLock::new();

/// Get or initialize the global turbo states
fn get_turbo_states() -> &'static TurboHysteresisStates {
    TURBO_STATES.get_or_init(TurboHysteresisStates::new)
}

/// Manage turbo boost hysteresis state.
struct TurboHysteresis {
    /// Whether turbo was enabled in the previous cycle
    previous_state: AtomicBool,
    /// Whether the hysteresis state has been initialized
    initialized: AtomicBool,
}

impl TurboHysteresis {
    const fn new() -> Self {
        Self { previous_state: AtomicBool::new(false), initialized: AtomicBool::new(false) }
    }

    /// Get the previous turbo state, if initialized
    fn get_previous_state(&self) -> Option<bool> {
        if self.initialized.load(Ordering::Acquire) {
            Some(self.previous_state.load(Ordering::Acquire))
        } else {
            None
        }
    }

    /// Initialize the state with a specific value if not already initialized
    /// Only one thread should be able to initialize the state
    fn initialize_with(&self, initial_state: bool) -> bool {
        // First, try to atomically change initialized from false to true
        // Only one thread can win the initialization race
        match self.initialized.compare_exchange(false, true, Ordering::Release, Ordering::Acquire) {
            Ok(_) => {
                // We won the race: only now is it safe to set the initial state
                self.previous_state.store(initial_state, Ordering::Release);
                initial_state
            }
            // Another thread already initialized it
            Err(_) => self.previous_state.load(Ordering::Acquire),
        }
    }

    /// Update the turbo state for hysteresis
    fn update_state(&self, new_state: bool) {
        self.previous_state.store(new_state, Ordering::Release);
        if self.initialized.load(Ordering::Relaxed) {
            return;
        }
        self.initialized
            .compare_exchange(false, true, Ordering::Release, Ordering::Relaxed)
            .ok();
    }
}

pub fn manage_auto_turbo(avg_cpu_usage: f32, initial_turbo_state: bool, on_ac_power: bool) -> bool {
    // Get the previous state or initialize with the configured initial state
    let previous_turbo_enabled = {
        let turbo_states = get_turbo_states();
        let hysteresis = turbo_states.get_for_power_state(on_ac_power);
        if let Some(state) = hysteresis.get_previous_state() {
            state
        } else {
            hysteresis.initialize_with(initial_turbo_state)
        }
    };

    let enable_turbo = if avg_cpu_usage >= 70.0 {
        true
    } else if avg_cpu_usage <= 30.0 {
        false
    } else {
        previous_turbo_enabled // intermediate load: keep the previous state (hysteresis)
    };

    // Save the current state for next time
    get_turbo_states().get_for_power_state(on_ac_power).update_state(enable_turbo);
    enable_turbo
}

pub fn daemon_and_cli_apply_together() -> (bool, bool) {
    let daemon = std::thread::spawn(|| manage_auto_turbo(90.0, false, true));
    let cli = std::thread::spawn(|| manage_auto_turbo(50.0, false, true));
    (daemon.join().unwrap(), cli.join().unwrap())
}
