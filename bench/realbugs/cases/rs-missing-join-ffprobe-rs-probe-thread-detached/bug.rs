use std::path::PathBuf;
use std::thread;

fn describe(info: &ffprobe::FfProbe) -> String {
    let duration = info
        .format
        .duration
        .clone()
        .unwrap_or_else(|| "unknown".to_string());
    let codecs: Vec<String> = info
        .streams
        .iter()
        .filter_map(|s| s.codec_name.clone())
        .collect();
    format!("duration={} codecs={}", duration, codecs.join(","))
}

fn probe_in_background(path: PathBuf) {
    thread::spawn(move || match ffprobe::ffprobe(&path) {
        Ok(info) => {
            println!("{}: {}", path.display(), describe(&info));
        }
        Err(err) => {
            eprintln!("Could not analyze file with ffprobe: {:?}", err);
        }
    });
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("D:\\video.mp4"));
    // keep the UI/main thread free while ffprobe runs
    probe_in_background(path);
}
