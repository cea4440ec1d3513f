use std::fs::File;
use std::io::Write;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::thread;

struct GameRecord {
    id: u32,
    ptn: String,
}

fn writer_loop(rx: Receiver<GameRecord>, path: String) {
    let mut file = File::create(&path).expect("could not create game log");
    for game in rx {
        writeln!(file, "[Game {}]\n{}\n", game.id, game.ptn).expect("write failed");
    }
    file.sync_all().expect("sync failed");
}

fn play_games(tx: &Sender<GameRecord>, n: u32) {
    for id in 0..n {
        let ptn = format!("1. a1 f6 2. b1 e6 ... ({} moves)", 20 + id % 7);
        tx.send(GameRecord { id, ptn }).unwrap();
    }
}

fn main() {
    let (tx, rx) = channel();
    let path = std::env::args().nth(1).unwrap_or_else(|| "playtak_games.ptn".to_string());
    thread::spawn(move || writer_loop(rx, path));
    play_games(&tx, 50);
    drop(tx);
    println!("session finished");
}
