// Reduced from librefang (crates/librefang-api/src/routes/workflows.rs):
// the axum handler `save_workflow_as_template` writes the template TOML with
// blocking std::fs calls on the tokio worker thread.
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Serialize, Deserialize)]
pub struct Workflow {
    pub id: String,
    pub name: String,
    pub steps: Vec<String>,
}

#[derive(Serialize)]
pub struct WorkflowTemplate {
    pub id: String,
    pub name: String,
    pub description: String,
    pub steps: Vec<String>,
}

#[derive(Deserialize)]
pub struct SaveTemplateRequest {
    pub template_id: String,
    pub description: Option<String>,
}

pub struct AppState {
    pub home_dir: PathBuf,
    pub workflows: HashMap<String, Workflow>,
}

pub async fn save_workflow_as_template(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Json(req): Json<SaveTemplateRequest>,
) -> Result<Json<serde_json::Value>, (StatusCode, String)> {
    let workflow = state
        .workflows
        .get(&id)
        .cloned()
        .ok_or((StatusCode::NOT_FOUND, format!("workflow {id} not found")))?;

    let template = WorkflowTemplate {
        id: req.template_id.clone(),
        name: workflow.name.clone(),
        description: req.description.unwrap_or_default(),
        steps: workflow.steps.clone(),
    };
    let toml_str = toml::to_string_pretty(&template)
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;

    let templates_dir = state.home_dir.join("workflows").join("templates");
    tokio::fs::create_dir_all(&templates_dir)
        .await
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let toml_path = templates_dir.join(format!("{}.toml", template.id));
    tokio::fs::write(&toml_path, toml_str)
        .await
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;

    Ok(Json(serde_json::json!({
        "status": "saved",
        "template_id": template.id,
        "path": toml_path.display().to_string(),
    })))
}
