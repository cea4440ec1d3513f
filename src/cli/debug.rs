//! `knot debug ir FILE`: prints what the front-end understood of one file, as IR text.

use std::path::Path;

use anyhow::Context;

pub fn ir(file: &Path) -> anyhow::Result<u8> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let path = file.to_string_lossy().replace('\\', "/");
    print!("{}", crate::lower_to_ir_text(&path, &text));
    Ok(super::EXIT_CLEAN)
}
