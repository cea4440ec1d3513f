//! Embeds every `rules/models/**/*.toml` into the binary, so dropping a model file in is enough.

use std::{env, fs, path::Path};

fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push(format!(
                "({rel:?}, include_str!({:?})),",
                path.display().to_string()
            ));
        }
    }
}

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let root = Path::new(&manifest).join("rules/models");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    collect(&root, &root, &mut entries);
    for e in &entries {
        // Each file is also a rerun trigger (directory mtime alone misses edits in place).
        if let Some(start) = e.find("include_str!(\"") {
            let p = &e[start + 14..e.len() - 3];
            println!("cargo:rerun-if-changed={p}");
        }
    }
    let out = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("builtin_models.rs");
    let _ = fs::write(out, format!("&[\n{}\n]", entries.join("\n")));
}
