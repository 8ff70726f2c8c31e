use osaava_bench::cache;
use osaava_bench::gen::Scale;

fn main() {
    let seed = 1;
    let scale = match std::env::args().nth(1) {
        Some(f) => Scale::times(f.parse().unwrap()),
        None => Scale::COUNTY,
    };
    let root = cache::target_dir().join("bench-data");
    let (dir, m, reused) = cache::data_dir(&root, seed, scale, false, &mut |s| {
        eprintln!("generate: {s}")
    })
    .unwrap();
    println!(
        "{} reused={reused} {}",
        dir.display(),
        serde_json::to_string_pretty(&m).unwrap()
    );
}
