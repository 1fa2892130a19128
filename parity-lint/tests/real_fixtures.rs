//! Every real `terraform show -json` document in `../shared/fixtures/real`
//! loads, and the ones holding two instances of one module pair by
//! convention (PROVENANCE.md there says where each came from).

use std::path::PathBuf;

use parity_lint::plan::{find_pair, snapshot_of, split, Document};

fn fixtures_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/real");
    assert!(
        dir.is_dir(),
        "shared fixtures not found at {}: the repository must be checked out beside shared/",
        dir.display()
    );
    dir
}

fn all_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for project in std::fs::read_dir(fixtures_dir()).unwrap() {
        let project = project.unwrap().path();
        if !project.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&project).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "json") {
                out.push(file);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_real_document_loads() {
    let files = all_fixtures();
    assert!(
        files.len() >= 20,
        "expected the 20 documents PROVENANCE.md lists, found {}",
        files.len()
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let mut doc = Document::parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let snapshot = snapshot_of(&mut doc);
        // Every document but the delete-only one plans at least one managed resource.
        if !file.ends_with("input_vnet_destroy_new.json") {
            assert!(
                !snapshot.resources.is_empty(),
                "{}: no resources",
                file.display()
            );
        }
    }
}

fn pair_of(relative: &str) -> Result<(String, String, usize, usize), String> {
    let bytes = std::fs::read(fixtures_dir().join(relative)).unwrap();
    let mut doc = Document::parse(&bytes).unwrap();
    let selection = find_pair(&doc).map_err(|e| e.to_string())?;
    let (p, s) = split(&mut doc, &selection).map_err(|e| e.to_string())?;
    Ok((
        selection.primary,
        selection.secondary,
        p.resources.len(),
        s.resources.len(),
    ))
}

#[test]
fn repeated_module_instances_pair_by_convention() {
    let cases = [
        (
            "terraform-compliance-cli/test_issue-294-plan.out.json",
            "module.linuxservers-fail",
            "module.windowsservers-pass",
        ),
        (
            "bridgecrewio-checkov/plan_and_tf_combine_graph-tfplan.json",
            "module.s3_module",
            "module.s3_module_2",
        ),
        (
            "opentofu-opentofu/provider-aliasing-output.json",
            "module.child",
            "module.sibling",
        ),
        (
            "infracost-infracost/terraform_v0.14_plan.json",
            "module.db.module.db_1",
            "module.db.module.db_2",
        ),
    ];
    for (file, primary, secondary) in cases {
        let (p, s, np, ns) = pair_of(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!((p.as_str(), s.as_str()), (primary, secondary), "{file}");
        assert!(np > 0 && ns > 0, "{file}: empty side");
    }
}

#[test]
fn ambiguous_or_single_module_documents_do_not_guess() {
    for file in [
        "terraform-compliance-cli/test_issue-456-plan.out.json",
        "bridgecrewio-checkov/tf_plan.json",
        "terraform-compliance-cli/test_issue-171-plan.out.json",
    ] {
        let err = pair_of(file).expect_err(file);
        assert!(
            err.contains("primary") && err.contains("secondary"),
            "{file}: {err}"
        );
    }
}
