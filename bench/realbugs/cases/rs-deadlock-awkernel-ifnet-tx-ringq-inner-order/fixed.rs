// awkernel: awkernel_lib/src/net/if_net.rs - IfNet rx/tx paths
// Lock order: NetDriver::rx_ringq -> IfNet::tx_ringq -> IfNet::inner
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

pub type EtherFrameBuf = Vec<u8>;

pub struct RingQ<T> {
    queue: VecDeque<T>,
    capacity: usize,
}

impl<T> RingQ<T> {
    pub fn new(capacity: usize) -> Self {
        RingQ { queue: VecDeque::with_capacity(capacity), capacity }
    }
    pub fn push(&mut self, v: T) -> Result<(), T> {
        if self.queue.len() >= self.capacity {
            return Err(v);
        }
        self.queue.push_back(v);
        Ok(())
    }
    pub fn pop(&mut self) -> Option<T> {
        self.queue.pop_front()
    }
}

pub trait NetDevice: Send + Sync {
    fn recv(&self, que_id: usize) -> Option<EtherFrameBuf>;
    fn send(&self, frame: &EtherFrameBuf, que_id: usize);
}

struct IfNetInner {
    routes: BTreeMap<u32, u64>,
    rx_packets: u64,
    tx_packets: u64,
}

pub struct NetDriver {
    rx_ringq: Mutex<RingQ<EtherFrameBuf>>,
    que_id: usize,
}

pub struct IfNet {
    net_device: Arc<dyn NetDevice>,
    inner: Mutex<IfNetInner>,
    tx_ringq: Mutex<RingQ<EtherFrameBuf>>,
    net_driver: NetDriver,
}

impl IfNet {
    /// Called from the interrupt handler: pull frames into rx_ringq and let
    /// the interface answer them (ARP replies etc.) through tx_ringq.
    pub fn poll_rx_irq_and_process(&self) -> bool {
        let mut rx_ringq = self.net_driver.rx_ringq.lock().unwrap();
        while let Some(frame) = self.net_device.recv(self.net_driver.que_id) {
            let _ = rx_ringq.push(frame);
        }

        let mut tx_ringq = self.tx_ringq.lock().unwrap();
        let mut inner = self.inner.lock().unwrap();
        let mut any = false;
        while let Some(frame) = rx_ringq.pop() {
            inner.rx_packets += 1;
            if frame.first() == Some(&0x06) {
                let _ = tx_ringq.push(frame);
            }
            any = true;
        }
        any
    }

    /// Called by the network stack to flush queued frames to the device.
    pub fn poll_tx_only(&self) -> usize {
        let mut tx_ringq = self.tx_ringq.lock().unwrap();
        let mut inner = self.inner.lock().unwrap();
        let mut sent = 0;
        while let Some(frame) = tx_ringq.pop() {
            self.net_device.send(&frame, self.net_driver.que_id);
            inner.tx_packets += 1;
            sent += 1;
        }
        sent
    }

    pub fn add_route(&self, dst: u32, gateway: u64) {
        self.inner.lock().unwrap().routes.insert(dst, gateway);
    }
}
