//! `knot debug ir FILE`: prints what the front-end understood of one file, as IR text.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

pub fn ir(file: &Path) -> anyhow::Result<u8> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let path = file.to_string_lossy().replace('\\', "/");
    let ir = crate::lower_to_ir_text(&path, &text);
    // A closed pipe (`knot debug ir f.py | head`) is not an error worth reporting.
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(ir.as_bytes());
    let _ = stdout.flush();
    Ok(super::EXIT_CLEAN)
}
