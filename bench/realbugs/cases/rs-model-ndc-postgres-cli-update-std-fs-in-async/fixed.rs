//! Reduction of hasura/ndc-postgres' crates/cli/src/lib.rs (the `update` and `initialize`
//! commands) before #343. The CLI, like the connector, runs on a tokio runtime.
use std::path::PathBuf;
use tokio::fs;

pub const CONFIGURATION_FILENAME: &str = "configuration.json";

pub trait Environment {
    fn read(&self, var: &str) -> Option<String>;
}

pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn read(&self, var: &str) -> Option<String> {
        std::env::var(var).ok()
    }
}

pub struct Context<Env: Environment> {
    pub context_path: PathBuf,
    pub environment: Env,
}

pub enum Command {
    Initialize,
    Update,
}

/// Introspects the database described by the configuration (a network round trip).
async fn introspect(input: String, environment: &impl Environment) -> std::io::Result<String> {
    let url = environment.read("CONNECTION_URI").unwrap_or_else(|| "postgres://localhost".into());
    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    Ok(format!("{{\"connectionUri\":\"{}\",\"previous\":{}}}", url, input.len()))
}

pub async fn run(command: Command, context: Context<impl Environment>) -> std::io::Result<()> {
    match command {
        Command::Initialize => initialize(context).await?,
        Command::Update => update(context).await?,
    };
    Ok(())
}

async fn initialize(context: Context<impl Environment>) -> std::io::Result<()> {
    let configuration_file = context.context_path.join(CONFIGURATION_FILENAME);
    fs::create_dir_all(&context.context_path).await?;
    fs::write(configuration_file, b"{\"version\":\"3\"}").await?;
    Ok(())
}

/// Update the configuration in the current directory by introspecting the database.
async fn update(context: Context<impl Environment>) -> std::io::Result<()> {
    let configuration_file_path = context.context_path.join(CONFIGURATION_FILENAME);
    let input: String = fs::read_to_string(&configuration_file_path).await?;
    let output = introspect(input, &context.environment).await?;
    fs::write(&configuration_file_path, output).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let dir = std::env::temp_dir().join("ndc-postgres-config");
    let ctx = || Context { context_path: dir.clone(), environment: ProcessEnvironment };
    run(Command::Initialize, ctx()).await?;
    run(Command::Update, ctx()).await?;
    println!("updated {}", dir.join(CONFIGURATION_FILENAME).display());
    Ok(())
}
