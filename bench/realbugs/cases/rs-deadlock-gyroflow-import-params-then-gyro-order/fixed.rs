//! Reduction of gyroflow's src/core/lib.rs (StabilizationManager) before #155 (issue #55):
//! importing a .gyroflow file with gyro data hangs.
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::thread;

#[derive(Default)]
pub struct GyroSource {
    pub org_raw_imu: Vec<[f64; 3]>,
    pub integration_method: usize,
    pub smoothed: BTreeMap<i64, f64>,
}

impl GyroSource {
    pub fn recompute_smoothness(&mut self, smoothness: f64, params: &StabilizationParams) {
        self.smoothed.clear();
        for (i, s) in self.org_raw_imu.iter().enumerate() {
            let ts = (i as f64 * 1000.0 / params.fps) as i64;
            self.smoothed.insert(ts, s[0] * smoothness);
        }
    }
}

#[derive(Default)]
pub struct StabilizationParams {
    pub fps: f64,
    pub fov: f64,
    pub frame_readout_time: f64,
}

pub struct Smoothing {
    pub smoothness: f64,
}

pub struct GyroflowFile {
    pub fov: f64,
    pub frame_readout_time: f64,
    pub integration_method: usize,
    pub raw_imu: Option<Vec<[f64; 3]>>,
}

pub struct StabilizationManager {
    pub gyro: Arc<RwLock<GyroSource>>,
    pub smoothing: Arc<RwLock<Smoothing>>,
    pub params: Arc<RwLock<StabilizationParams>>,
}

impl StabilizationManager {
    pub fn new() -> Self {
        StabilizationManager {
            gyro: Arc::new(RwLock::new(GyroSource::default())),
            smoothing: Arc::new(RwLock::new(Smoothing { smoothness: 0.5 })),
            params: Arc::new(RwLock::new(StabilizationParams { fps: 30.0, ..Default::default() })),
        }
    }

    /// Called from the smoothing/sync worker threads whenever a setting changes.
    pub fn recompute_smoothness(&self) {
        let mut gyro = self.gyro.write().unwrap();
        let params = self.params.read().unwrap();
        let smoothness = self.smoothing.read().unwrap().smoothness;
        gyro.recompute_smoothness(smoothness, &params);
    }

    /// Loading a .gyroflow project file.
    pub fn import_gyroflow_data(&self, obj: &GyroflowFile) {
        // Same order as everywhere else: gyro first, then params.
        let mut gyro = self.gyro.write().unwrap();
        let mut params = self.params.write().unwrap();
        params.fov = obj.fov;
        params.frame_readout_time = obj.frame_readout_time;
        if let Some(raw_imu) = &obj.raw_imu {
            Self::load_gyro_data(&mut gyro, raw_imu, obj.integration_method);
        }
    }

    fn load_gyro_data(gyro: &mut GyroSource, raw_imu: &[[f64; 3]], integration_method: usize) {
        gyro.org_raw_imu = raw_imu.to_vec();
        gyro.integration_method = integration_method;
    }
}

fn main() {
    let stab = Arc::new(StabilizationManager::new());
    let worker = {
        let stab = stab.clone();
        thread::spawn(move || {
            for _ in 0..1000 {
                stab.recompute_smoothness();
            }
        })
    };
    let file = GyroflowFile {
        fov: 1.0,
        frame_readout_time: 16.0,
        integration_method: 1,
        raw_imu: Some(vec![[0.1, 0.2, 0.3]; 64]),
    };
    for _ in 0..1000 {
        stab.import_gyroflow_data(&file);
    }
    worker.join().unwrap();
    println!("{}", stab.gyro.read().unwrap().smoothed.len());
}
