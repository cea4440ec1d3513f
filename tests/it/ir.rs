//! IR snapshots: every file under `fixtures/ir/` is lowered and its IR text snapshotted, so a
//! model or front-end change shows up as an IR diff before it shows up as a missed finding.

use crate::support::{fixture_files, fixtures_dir, rel};

#[test]
fn ir_snapshots() {
    for file in fixture_files(&fixtures_dir().join("ir")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = rel(&file);
        let ir = knot::lower_to_ir_text(&name, &text);
        insta::with_settings!({ snapshot_path => "snapshots/ir", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name.replace('/', "__"), ir);
        });
    }
}
