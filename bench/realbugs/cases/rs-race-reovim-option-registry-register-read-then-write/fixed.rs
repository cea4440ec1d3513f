// reovim: lib/kernel/src/option/mod.rs - OptionRegistry::register
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, RwLock};

#[derive(Clone, Debug, PartialEq)]
pub enum OptionValue {
    Bool(bool),
    Int(i64),
    Str(String),
}

#[derive(Clone, Debug)]
pub struct OptionSpec {
    pub name: String,
    pub short: Option<String>,
    pub default: OptionValue,
    pub module: String,
}

#[derive(Debug)]
pub enum RegisterError {
    AlreadyRegistered(String),
    InvalidName(String),
}

impl fmt::Display for RegisterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegisterError::AlreadyRegistered(n) => write!(f, "option '{}' already registered", n),
            RegisterError::InvalidName(n) => write!(f, "invalid option name '{}'", n),
        }
    }
}

#[derive(Default)]
pub struct OptionRegistry {
    specs: RwLock<HashMap<String, OptionSpec>>,
    values: RwLock<HashMap<String, OptionValue>>,
}

impl OptionRegistry {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    fn validate_name(name: &str) -> Result<(), RegisterError> {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(RegisterError::InvalidName(name.to_string()));
        }
        Ok(())
    }

    /// Register an option spec; each name may be registered only once.
    pub fn register(&self, spec: OptionSpec) -> Result<(), RegisterError> {
        Self::validate_name(&spec.name)?;
        let mut specs = self.specs.write().unwrap();
        if specs.contains_key(&spec.name) {
            return Err(RegisterError::AlreadyRegistered(spec.name));
        }

        let default = spec.default.clone();
        let name = spec.name.clone();
        specs.insert(name.clone(), spec);
        self.values.write().unwrap().insert(name, default);
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<OptionValue> {
        self.values.read().unwrap().get(name).cloned()
    }

    pub fn set(&self, name: &str, value: OptionValue) -> bool {
        if !self.specs.read().unwrap().contains_key(name) {
            return false;
        }
        self.values.write().unwrap().insert(name.to_string(), value);
        true
    }
}
