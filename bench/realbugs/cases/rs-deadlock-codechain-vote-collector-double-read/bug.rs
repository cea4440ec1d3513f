//! CodeChain: reduction of core/src/consensus/vote_collector.rs (VoteCollector::is_old_or_known).
//! Tendermint's message handler asks is_old_or_known() for every incoming
//! consensus message while the round-advance path calls throw_out_old().

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Debug;
use std::hash::Hash;

use parking_lot::RwLock;

// stand-ins for ckey / ctypes / primitives
pub type Address = [u8; 20];
pub type SignatureData = [u8; 65];
pub type H256 = [u8; 32];

macro_rules! ctrace {
    ($target:ident, $($arg:tt)*) => {
        let _ = (stringify!($target), format!($($arg)*));
    };
}

pub trait Message: Clone + PartialEq + Eq + Hash + Debug {
    type Round: Clone + PartialEq + Eq + Hash + Default + Debug + Ord;

    fn signature(&self) -> SignatureData;

    fn block_hash(&self) -> Option<H256>;

    fn round(&self) -> &Self::Round;
}

/// Storing all Proposals, Prevotes and Precommits.
#[derive(Debug)]
pub struct VoteCollector<M: Message> {
    votes: RwLock<BTreeMap<M::Round, StepCollector<M>>>,
}

#[derive(Debug, Default)]
struct StepCollector<M: Message> {
    voted: HashMap<Address, M>,
    block_votes: HashMap<Option<H256>, HashMap<SignatureData, Address>>,
    messages: HashSet<M>,
}

#[derive(Debug)]
pub struct DoubleVote<M: Message> {
    author: Address,
    vote_one: M,
    vote_two: M,
}

impl<M: Message> StepCollector<M> {
    /// Returns Some(&Address) when validator is double voting.
    fn insert(&mut self, message: M, address: Address) -> Option<DoubleVote<M>> {
        // Do nothing when message was seen.
        if self.messages.insert(message.clone()) {
            if let Some(previous) = self.voted.insert(address, message.clone()) {
                // Bad validator sent a different message.
                return Some(DoubleVote {
                    author: address,
                    vote_one: previous,
                    vote_two: message,
                })
            } else {
                self.block_votes
                    .entry(message.block_hash())
                    .or_insert_with(HashMap::new)
                    .insert(message.signature(), address);
            }
        }
        None
    }
}

impl<M: Message + Default> Default for VoteCollector<M> {
    fn default() -> Self {
        let mut collector = BTreeMap::new();
        // Insert dummy entry to fulfill invariant: "only messages newer than the oldest are inserted".
        collector.insert(Default::default(), Default::default());
        VoteCollector {
            votes: RwLock::new(collector),
        }
    }
}

impl<M: Message + Default + Debug> VoteCollector<M> {
    /// Insert vote if it is newer than the oldest one.
    pub fn vote(&self, message: M, voter: Address) -> Option<DoubleVote<M>> {
        self.votes.write().entry(message.round().clone()).or_insert_with(Default::default).insert(message, voter)
    }

    /// Checks if the message should be ignored.
    pub fn is_old_or_known(&self, message: &M) -> bool {
        self.votes.read().get(&message.round()).map_or(false, |c| {
            let is_known = c.messages.contains(message);
            if is_known {
                ctrace!(ENGINE, "Known message: {:?}.", message);
            }
            is_known
        }) || {
            let guard = self.votes.read();
            let is_old = guard.keys().next().map_or(true, |oldest| message.round() <= oldest);
            if is_old {
                ctrace!(ENGINE, "Old message {:?}.", message);
            }
            is_old
        }
    }

    /// Throws out messages older than message, leaves message as marker for the oldest.
    pub fn throw_out_old(&self, vote_round: &M::Round) {
        let mut guard = self.votes.write();
        let new_collector = guard.split_off(vote_round);
        *guard = new_collector;
    }

    /// Collects the signatures for a given round and hash.
    pub fn round_signatures(&self, round: &M::Round, block_hash: &H256) -> Vec<SignatureData> {
        let guard = self.votes.read();
        guard
            .get(round)
            .and_then(|c| c.block_votes.get(&Some(*block_hash)))
            .map(|votes| votes.keys().cloned().collect())
            .unwrap_or_else(Vec::new)
    }
}
