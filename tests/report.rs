//! `sitroom report` and `compare` end to end: every format and edition from
//! a real journal, Markdown's charts written beside it, bad arguments
//! refused, and the HTML rendered in headless Chromium — the screenshot is
//! not blank and shows the charts. Without Chromium the browser test is
//! skipped with a note, except under CI, where `.ci/run` installs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{run, tempdir};

const FLAGSHIP: &str = "scenarios/mission-compromise.ron";

fn journal(dir: &Path, script: &str, name: &str) -> PathBuf {
    let path = dir.join(name);
    run([
        "run",
        FLAGSHIP,
        "--decisions",
        &format!("scenarios/mission-compromise/{script}.ron"),
        "--journal",
        path.to_str().expect("utf-8 path"),
    ])
    .assert_code(0);
    path
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn every_format_and_edition_from_a_journal() {
    let dir = tempdir();
    let j = journal(dir.path(), "hawkish", "hawkish.jsonl");
    let html = run(["report", s(&j)]);
    html.assert_code(0);
    assert!(html.stdout.starts_with("<!DOCTYPE html>") && html.stdout.contains("<svg"));
    let json = run([
        "report",
        s(&j),
        "--format",
        "json",
        "--edition",
        "team:cert",
    ]);
    json.assert_code(0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(value["format"], "sitroom-report");
    assert_eq!(value["edition"]["team"], "cert");
    assert!(
        value["record"]["decisions"]
            .as_array()
            .expect("decisions")
            .iter()
            .all(|d| d["team"] == "cert")
    );
    assert_eq!(value["record"]["truth"], serde_json::json!([]));
    // Markdown with its charts beside it.
    let md = dir.path().join("aar.md");
    run([
        "report",
        s(&j),
        "--format",
        "md",
        "--edition",
        "participant",
        "-o",
        s(&md),
    ])
    .assert_code(0);
    let text = std::fs::read_to_string(&md).expect("the report");
    for chart in ["aar-escalation.svg", "aar-scorecard.svg"] {
        assert!(text.contains(&format!("]({chart})")), "{chart} linked");
        let svg = std::fs::read_to_string(dir.path().join(chart)).expect("chart written");
        assert!(svg.starts_with("<svg"));
    }
    // Refusals: Markdown to stdout, an unknown edition or team.
    run(["report", s(&j), "--format", "md"]).assert_code(2);
    run(["report", s(&j), "--edition", "everyone"]).assert_code(2);
    let unknown = run(["report", s(&j), "--edition", "team:nobody"]);
    unknown.assert_code(2);
    assert!(
        unknown.stderr.contains("its teams: mfa, cert"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn cohorts_of_one_scenario_compare_and_others_are_refused() {
    let dir = tempdir();
    let r = journal(dir.path(), "restrained", "restrained.jsonl");
    let h = journal(dir.path(), "hawkish", "hawkish.jsonl");
    let out = run(["compare", s(&r), s(&h)]);
    out.assert_code(0);
    assert!(
        out.stdout.contains("first diverged at VALCERT's decision"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("restrained") && out.stdout.contains("hawkish"));
    let both = run(["report", s(&r), s(&h), "--format", "html"]);
    both.assert_code(0);
    assert!(both.stdout.contains("Cohorts compared"));
    let other = dir.path().join("grid.jsonl");
    run(["run", "scenarios/grid-election.ron", "--journal", s(&other)]).assert_code(0);
    let refused = run(["compare", s(&r), s(&other)]);
    refused.assert_code(2);
    assert!(
        refused
            .stderr
            .contains("only cohorts on one scenario compare"),
        "{}",
        refused.stderr
    );
    run(["compare", s(&r)]).assert_code(2);
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn the_html_report_renders_in_a_real_browser_with_its_charts() {
    let Some(browser) = chromium() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("chromium is required under CI (.ci/run installs it)");
        }
        eprintln!("note: chromium is not installed; skipping the browser test of the report");
        return;
    };
    let dir = tempdir();
    let j = journal(dir.path(), "hawkish", "hawkish.jsonl");
    let html = dir.path().join("aar.html");
    run(["report", s(&j), "-o", s(&html)]).assert_code(0);
    // Only the charts, so that they fall inside one screenshot.
    let full = std::fs::read_to_string(&html).expect("report");
    let charts = dir.path().join("charts.html");
    let head = &full[..full.find("<body>").expect("body") + 6];
    let figures: String = full
        .split("<figure")
        .skip(1)
        .map(|f| format!("<figure{}", &f[..f.find("</figure>").expect("closed") + 9]))
        .collect();
    std::fs::write(&charts, format!("{head}{figures}</body></html>")).expect("write");
    let shot = dir.path().join("shot.png");
    let status = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=900,1400",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", charts.display()))
        .output()
        .expect("run chromium");
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let (w, h, pixels) = decode(&shot);
    assert!(w >= 800 && h >= 1000, "{w}x{h}");
    let inked = pixels.iter().filter(|p| p.iter().any(|&c| c < 200)).count();
    assert!(
        inked * 100 / pixels.len() >= 2,
        "the screenshot is blank ({inked} dark pixels)"
    );
    // The escalation line (#b2182b) and a grade cell colour are on screen.
    let near = |rgb: [u8; 3]| {
        pixels
            .iter()
            .filter(|p| p.iter().zip(rgb).all(|(&a, b)| a.abs_diff(b) < 24))
            .count()
    };
    assert!(
        near([0xb2, 0x18, 0x2b]) > 200,
        "the escalation line is drawn"
    );
    assert!(
        near([0x1a, 0x98, 0x50]) + near([0xd7, 0x30, 0x27]) > 200,
        "the scorecard is drawn"
    );
}

/// The screenshot's width, height and RGB pixels.
fn decode(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let file = std::fs::File::open(path).expect("open png");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    let step = info.color_type.samples();
    let pixels = buf[..info.buffer_size()]
        .chunks(step)
        .map(|c| [c[0], c[1 % step], c[2 % step]])
        .collect();
    (info.width, info.height, pixels)
}
