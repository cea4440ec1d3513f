// Reduced from bee-san/RustScan src/main.rs: after the port scan the
// nmap command is spawned through the shell, but the Child is never
// waited on, so nmap can be left running/zombied when RustScan exits.
use std::net::IpAddr;
use std::process::Command;

fn build_nmap_args(ip: &IpAddr, ports: &[u16]) -> String {
    let ports_str: Vec<String> = ports.iter().map(|p| p.to_string()).collect();
    format!("nmap -A -vvv -p {} {}", ports_str.join(","), ip)
}

fn run_nmap(ip: IpAddr, open_ports: Vec<u16>) {
    if open_ports.is_empty() {
        println!("No ports found on {}", ip);
        return;
    }
    let nmap_str = build_nmap_args(&ip, &open_ports);
    println!("Starting nmap: {}", nmap_str);
    let _child = Command::new("sh")
        .arg("-c")
        .arg(&nmap_str)
        .spawn()
        .expect("failed to execute nmap process");
}

fn main() {
    let ip: IpAddr = "127.0.0.1".parse().unwrap();
    let open_ports = vec![22, 80, 443];
    run_nmap(ip, open_ports);
    println!("RustScan finished");
}
