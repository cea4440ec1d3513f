// Reduced from sigp/lighthouse beacon_node/beacon_chain/src/observed_attestations.rs (2020).
use parking_lot::RwLock;
use std::collections::HashSet;

pub type Slot = u64;
pub type Hash256 = [u8; 32];
const SLOTS_PER_EPOCH: u64 = 32;

pub struct AttestationData { pub slot: Slot }
pub struct Attestation { pub data: AttestationData }

#[derive(Debug, PartialEq)]
pub enum ObserveOutcome { AlreadyKnown, New }

#[derive(Debug, PartialEq)]
pub enum Error {
    SlotTooLow { slot: Slot, lowest_permissible_slot: Slot },
    InvalidSetIndex(usize),
    IncorrectSlot { expected: Slot, attestation: Slot },
}

struct SlotHashSet { set: HashSet<Hash256>, slot: Slot }

impl SlotHashSet {
    pub fn observe(&mut self, a: &Attestation, root: Hash256) -> Result<ObserveOutcome, Error> {
        if a.data.slot != self.slot {
            return Err(Error::IncorrectSlot { expected: self.slot, attestation: a.data.slot });
        }
        if self.set.insert(root) { Ok(ObserveOutcome::New) } else { Ok(ObserveOutcome::AlreadyKnown) }
    }
}

pub struct ObservedAttestations {
    lowest_permissible_slot: RwLock<Slot>,
    sets: RwLock<Vec<SlotHashSet>>,
}

impl ObservedAttestations {
    pub fn observe(&self, a: &Attestation, root: Hash256) -> Result<ObserveOutcome, Error> {
        let index = self.get_set_index(a.data.slot)?;

        self.sets
            .write()
            .get_mut(index)
            .ok_or_else(|| Error::InvalidSetIndex(index))
            .and_then(|set| set.observe(a, root))
    }

    fn max_capacity(&self) -> u64 {
        // We add `2` in order to account for one slot either side of the range due to
        // `MAXIMUM_GOSSIP_CLOCK_DISPARITY`.
        SLOTS_PER_EPOCH + 2
    }

    /// Removes any attestations with a slot lower than `current_slot`.
    pub fn prune(&self, current_slot: Slot) {
        let lowest_permissible_slot = current_slot.saturating_sub(self.max_capacity() - 1);
        self.sets.write().retain(|set| set.slot >= lowest_permissible_slot);
        *self.lowest_permissible_slot.write() = lowest_permissible_slot;
    }

    /// Returns the index of `self.set` that matches `slot`. If there is no existing set for
    /// this slot one will be created; at capacity the set with the lowest slot is replaced.
    fn get_set_index(&self, slot: Slot) -> Result<usize, Error> {
        let lowest_permissible_slot: Slot = *self.lowest_permissible_slot.read();
        if slot < lowest_permissible_slot {
            return Err(Error::SlotTooLow { slot, lowest_permissible_slot });
        }
        // Prune the pool if this attestation indicates that the current slot has advanced.
        if (lowest_permissible_slot + self.max_capacity()) < slot + 1 {
            self.prune(slot)
        }

        let mut sets = self.sets.write();
        if let Some(index) = sets.iter().position(|set| set.slot == slot) {
            return Ok(index);
        }
        if sets.len() < self.max_capacity() as usize || sets.is_empty() {
            let index = sets.len();
            sets.push(SlotHashSet { slot, set: HashSet::with_capacity(128) });
            return Ok(index);
        }
        let index = sets
            .iter()
            .enumerate()
            .min_by_key(|(_i, set)| set.slot)
            .map(|(i, _set)| i)
            .expect("sets cannot be empty due to previous .is_empty() check");
        sets[index] = SlotHashSet { slot, set: HashSet::with_capacity(128) };
        Ok(index)
    }
}

pub struct BeaconChain {
    pub observed_attestations: ObservedAttestations,
}

impl BeaconChain {
    /// Called concurrently from the beacon processor's block and gossip worker threads.
    pub fn import_block_attestations(&self, attestations: &[(Attestation, Hash256)]) -> Result<(), Error> {
        for (a, root) in attestations {
            self.observed_attestations.observe(a, *root)?;
        }
        Ok(())
    }
}
