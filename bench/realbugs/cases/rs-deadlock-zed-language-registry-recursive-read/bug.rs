use parking_lot::RwLock;
use std::collections::HashMap;
use std::sync::Arc;

pub struct LanguageConfig {
    pub name: Arc<str>,
}

pub struct Language {
    pub config: LanguageConfig,
    pub adapter: Option<Arc<dyn LspAdapter>>,
}

#[derive(Default)]
struct LanguageRegistryState {
    languages: Vec<Arc<Language>>,
    available_languages: Vec<Arc<str>>,
    running_servers: HashMap<Arc<str>, serde_json::Value>,
}

pub struct LanguageRegistry {
    state: RwLock<LanguageRegistryState>,
}

pub trait LspAdapter: Send + Sync {
    fn name(&self) -> &'static str;
    fn initialization_options(&self) -> Option<serde_json::Value>;
}

impl LanguageRegistry {
    pub fn new() -> Self {
        Self { state: RwLock::new(LanguageRegistryState::default()) }
    }

    pub fn add(&self, language: Arc<Language>) {
        let mut state = self.state.write();
        state.available_languages.retain(|name| **name != *language.config.name);
        state.languages.push(language);
    }

    pub fn language_names(&self) -> Vec<String> {
        let state = self.state.read();
        let mut result = state
            .available_languages
            .iter()
            .map(|name| name.to_string())
            .chain(state.languages.iter().map(|language| language.config.name.to_string()))
            .collect::<Vec<_>>();
        result.sort_unstable_by_key(|name| name.to_lowercase());
        result
    }

    pub fn start_language_server(&self, language_name: &str) -> Option<serde_json::Value> {
        let state = self.state.read();
        let language = state.languages.iter().find(|l| &*l.config.name == language_name)?;
        let adapter = language.adapter.clone()?;
        let options = adapter.initialization_options();
        drop(state);
        let options = options.unwrap_or(serde_json::Value::Null);
        self.state.write().running_servers.insert(language_name.into(), options.clone());
        Some(options)
    }
}

pub struct JsonLspAdapter {
    languages: Arc<LanguageRegistry>,
}

impl LspAdapter for JsonLspAdapter {
    fn name(&self) -> &'static str {
        "json-language-server"
    }

    fn initialization_options(&self) -> Option<serde_json::Value> {
        let language_names = self.languages.language_names();
        Some(serde_json::json!({
            "provideFormatter": true,
            "schemas": [{ "fileMatch": ["settings.json"], "languages": language_names }],
        }))
    }
}
