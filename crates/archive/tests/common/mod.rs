//! Helpers shared by the integration tests: run an import into vectors, build small zips.
#![allow(dead_code, unreachable_pub)]

use std::io::{Cursor, Write};
use std::ops::ControlFlow;

use ft_archive::generate::{Generated, Options, generate};
use ft_archive::{
    Format, ImportError, Item, Limits, Post, PostKind, Profile, RecordError, Summary, import,
};

/// Everything an import handed to its sink.
#[derive(Debug, Default)]
pub struct Imported {
    pub posts: Vec<Post>,
    pub profiles: Vec<Profile>,
    pub skipped: Vec<RecordError>,
    pub summary: Summary,
}

impl Imported {
    pub fn kind(&self, kind: PostKind) -> Vec<&Post> {
        self.posts.iter().filter(|post| post.kind == kind).collect()
    }

    pub fn by_id(&self, id: &str) -> &Post {
        self.posts
            .iter()
            .find(|post| post.id == id)
            .unwrap_or_else(|| panic!("no post {id}"))
    }

    pub fn count(&self, kind: PostKind) -> u64 {
        self.kind(kind).len() as u64
    }
}

pub fn run_with(bytes: &[u8], format: Format, limits: &Limits) -> Result<Imported, ImportError> {
    let mut imported = Imported::default();
    let summary = import(Cursor::new(bytes), format, limits, &mut |item| {
        match item {
            Item::Post(post) => imported.posts.push(post),
            Item::Profile(profile) => imported.profiles.push(profile),
            Item::Skipped(error) => imported.skipped.push(error),
        }
        ControlFlow::Continue(())
    })?;
    imported.summary = summary;
    Ok(imported)
}

pub fn run(bytes: &[u8], format: Format) -> Result<Imported, ImportError> {
    run_with(bytes, format, &Limits::default())
}

/// A zip of `(name, contents)` entries, deflated.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).expect("starts an entry");
        zip.write_all(bytes).expect("writes an entry");
    }
    zip.finish().expect("finishes the zip").into_inner()
}

/// A generated archive of `format` with `posts` posts.
pub fn generated(format: Format, posts: usize, seed: u64) -> (Vec<u8>, Generated) {
    generated_with(
        format,
        &Options {
            seed,
            posts,
            ..Options::default()
        },
    )
}

pub fn generated_with(format: Format, options: &Options) -> (Vec<u8>, Generated) {
    let mut out = Cursor::new(Vec::new());
    let made = generate(format, options, &mut out).expect("generates");
    (out.into_inner(), made)
}
