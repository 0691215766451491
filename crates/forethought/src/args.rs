//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ft_pack::{AccountKind, Platform, Severity};

/// Forethought: a coach, not a cop. Checks a social-media draft against your organisation's
/// guidance, on your own machine, and explains what might read badly and why.
///
/// Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 a usage, pack or
/// input error.
#[derive(Debug, Parser)]
#[command(name = "forethought", version, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Start the local web app: check drafts as you write, profiles, your post history and the
    /// guidance, in your browser, on this machine only.
    Serve(ServeArgs),
    /// Check a draft (or a file of drafts) against the guidance.
    Check(CheckArgs),
    /// Check your post history: every post and the profile in a platform's archive (X, Mastodon,
    /// Bluesky, LinkedIn, Facebook, or a CSV/JSON/JSONL file of posts).
    Audit(AuditArgs),
    /// Work through the posts an audit flagged: list them, record decisions, export the
    /// "will delete" list.
    Review(ReviewArgs),
    /// Show everything the engine saw in a draft: findings, and candidates it dropped and why.
    Explain(ExplainArgs),
    /// Work with guidance packs: run their examples, validate them, print the schema.
    #[command(subcommand)]
    Pack(PackCommand),
    /// List the packs shipped with Forethought.
    Packs,
    /// List the rules of a pack.
    Rules(PackChoice),
    /// Print the documentation of one rule.
    Rule {
        /// The rule's id.
        id: String,
        #[command(flatten)]
        pack: PackChoice,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum PackCommand {
    /// Run every rule example of the packs as a test (default: every shipped pack).
    Test {
        /// Pack names or paths.
        packs: Vec<String>,
    },
    /// Validate a pack and report every problem with its position.
    Check {
        /// Pack name or path.
        pack: String,
    },
    /// Print the JSON schema of the pack format.
    Schema,
    /// Print a pack as a handbook staff can read (Markdown).
    Doc {
        /// Pack name or path.
        pack: String,
    },
}

#[derive(Debug, Clone, Args)]
pub(crate) struct PackChoice {
    /// The guidance pack: a shipped pack's name or a path to a pack file.
    #[arg(long, default_value = ft_packs::DEFAULT_PACK, value_name = "NAME|PATH")]
    pub(crate) pack: String,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ContextArgs {
    /// The account the post goes out from.
    #[arg(long, value_enum, default_value_t = AccountArg::Personal)]
    pub(crate) account: AccountArg,
    /// A role you hold, as the pack names it (repeatable).
    #[arg(long = "role", value_name = "ROLE")]
    pub(crate) roles: Vec<String>,
    /// A profession you belong to, as the pack names it (repeatable).
    #[arg(long = "profession", value_name = "PROFESSION")]
    pub(crate) professions: Vec<String>,
    /// When the post goes out, as an RFC 3339 time (default: now, in local time).
    #[arg(long, value_name = "TIME")]
    pub(crate) at: Option<String>,
    /// The platform, for its length limit and conventions.
    #[arg(long, value_enum)]
    pub(crate) platform: Option<PlatformArg>,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The draft to check; `-` reads it from standard input.
    #[arg(value_name = "TEXT", conflicts_with = "input")]
    pub(crate) text: Option<String>,
    /// A file of drafts (`-` for standard input): one per line, or JSON Lines objects with
    /// `text` and optional `id` and `context` when the name ends in `.jsonl`.
    #[arg(long, value_name = "FILE")]
    pub(crate) input: Option<PathBuf>,
    /// How to read --input: by its extension (auto), as one draft per line, or as JSON Lines.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto, requires = "input")]
    pub(crate) input_format: InputFormat,
    /// Check a profile instead of a post: give its fields with --name, --handle, --bio,
    /// --location and --website, or as a JSON object in TEXT (`-` reads it from standard input).
    #[arg(long, conflicts_with = "input")]
    pub(crate) profile: bool,
    #[command(flatten)]
    pub(crate) fields: ProfileFields,
    #[command(flatten)]
    pub(crate) context: ContextArgs,
    #[command(flatten)]
    pub(crate) pack: PackChoice,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = SeverityArg::Warning)]
    pub(crate) fail_on: SeverityArg,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ProfileFields {
    /// The profile's display name (with --profile).
    #[arg(long, requires = "profile", value_name = "TEXT")]
    pub(crate) name: Option<String>,
    /// The profile's handle (with --profile).
    #[arg(long, requires = "profile", value_name = "TEXT")]
    pub(crate) handle: Option<String>,
    /// The profile's bio (with --profile).
    #[arg(long, requires = "profile", value_name = "TEXT")]
    pub(crate) bio: Option<String>,
    /// The profile's location (with --profile).
    #[arg(long, requires = "profile", value_name = "TEXT")]
    pub(crate) location: Option<String>,
    /// The profile's website (with --profile).
    #[arg(long, requires = "profile", value_name = "TEXT")]
    pub(crate) website: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) pack: PackChoice,
    /// The port on 127.0.0.1 (default: a free one).
    #[arg(long)]
    pub(crate) port: Option<u16>,
    /// Do not open the browser.
    #[arg(long)]
    pub(crate) no_open: bool,
    #[command(flatten)]
    pub(crate) store: StoreChoice,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct StoreChoice {
    /// The audit store (default: $FORETHOUGHT_STORE, else audit.sqlite in your data directory,
    /// such as ~/.local/share/forethought/).
    #[arg(long, value_name = "PATH", global = true)]
    pub(crate) store: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    /// The archive: the zip (or other file) the platform let you download.
    pub(crate) archive: PathBuf,
    /// The archive's format, when it cannot be told from the file.
    #[arg(long, value_name = "FORMAT", value_parser = ["x", "x-classic", "mastodon", "bluesky", "linkedin", "facebook", "csv", "json", "jsonl"])]
    pub(crate) archive_format: Option<String>,
    /// The account the posts went out from.
    #[arg(long, value_enum, default_value_t = AccountArg::Personal)]
    pub(crate) account: AccountArg,
    /// A role you hold (now), as the pack names it (repeatable).
    #[arg(long = "role", value_name = "ROLE")]
    pub(crate) roles: Vec<String>,
    /// A profession you belong to, as the pack names it (repeatable).
    #[arg(long = "profession", value_name = "PROFESSION")]
    pub(crate) professions: Vec<String>,
    #[command(flatten)]
    pub(crate) pack: PackChoice,
    /// Output on standard output: a summary for people, or every flagged post as JSON, JSON
    /// Lines or CSV.
    #[arg(long, value_enum, default_value_t = AuditFormat::Human)]
    pub(crate) format: AuditFormat,
    /// Also write a self-contained HTML report to this file.
    #[arg(long, value_name = "FILE")]
    pub(crate) html: Option<PathBuf>,
    /// Include posts without findings in JSON, JSON Lines and CSV output.
    #[arg(long)]
    pub(crate) all: bool,
    /// Do not keep anything: no audit store is opened or written.
    #[arg(long, conflicts_with = "store")]
    pub(crate) no_store: bool,
    #[command(flatten)]
    pub(crate) store: StoreChoice,
    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = SeverityArg::Warning)]
    pub(crate) fail_on: SeverityArg,
    /// When to use colour in the summary.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AuditFormat {
    /// A summary for people.
    Human,
    /// One JSON document: `posts` and `summary`.
    Json,
    /// One JSON object per flagged post, then the summary.
    Jsonl,
    /// One CSV row per flagged post.
    Csv,
}

#[derive(Debug, Args)]
pub(crate) struct ReviewArgs {
    #[command(subcommand)]
    pub(crate) action: Option<ReviewAction>,
    #[command(flatten)]
    pub(crate) store: StoreChoice,
    /// The account to review, as PLATFORM:HANDLE (default: the one audited last).
    #[arg(long, global = true, value_name = "PLATFORM:HANDLE")]
    pub(crate) source: Option<String>,
    #[command(flatten)]
    pub(crate) filter: ReviewFilterArgs,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ReviewFilterArgs {
    /// Only posts with a finding at or above this severity.
    #[arg(long, value_enum)]
    pub(crate) severity: Option<SeverityArg>,
    /// Only posts with a finding of this principle.
    #[arg(long)]
    pub(crate) principle: Option<String>,
    /// Only posts with a finding of this rule.
    #[arg(long)]
    pub(crate) rule: Option<String>,
    /// Only posts from this year.
    #[arg(long)]
    pub(crate) year: Option<i32>,
    /// At most this many posts.
    #[arg(long, default_value_t = 20)]
    pub(crate) limit: u32,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ReviewAction {
    /// List the posts still to decide on, most serious first (the default).
    List,
    /// Record what you decided about a post.
    Decide {
        /// The post's id, as listed.
        post: String,
        /// keep, will-delete, deleted, edited, make-private or reviewed.
        #[arg(value_parser = ["keep", "will-delete", "deleted", "edited", "make-private", "reviewed"])]
        decision: String,
        /// A note for yourself.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Print the links of the posts you decided to delete, to open one by one.
    Export,
    /// List the accounts in the store and their audits.
    Sources,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// The draft; `-` reads it from standard input.
    #[arg(value_name = "TEXT")]
    pub(crate) text: String,
    #[command(flatten)]
    pub(crate) context: ContextArgs,
    #[command(flatten)]
    pub(crate) pack: PackChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people: the draft with the span underlined, and advice.
    Human,
    /// One JSON document.
    Json,
    /// One JSON object per draft, one per line.
    Jsonl,
    /// SARIF 2.1.0.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputFormat {
    /// JSON Lines when the file name ends in `.jsonl`, else one draft per line.
    Auto,
    /// One draft per line.
    Text,
    /// JSON Lines records.
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when writing to a terminal (and NO_COLOR is not set).
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AccountArg {
    /// Your own account, as a private citizen.
    Personal,
    /// Your own account, used in your professional capacity.
    Professional,
    /// An account of the organisation, or one that speaks for it.
    Official,
}

impl From<AccountArg> for AccountKind {
    fn from(a: AccountArg) -> Self {
        match a {
            AccountArg::Personal => AccountKind::Personal,
            AccountArg::Professional => AccountKind::Professional,
            AccountArg::Official => AccountKind::Official,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PlatformArg {
    /// X (formerly Twitter).
    X,
    /// Bluesky.
    Bluesky,
    /// Mastodon.
    Mastodon,
    /// Threads.
    Threads,
    /// LinkedIn.
    Linkedin,
    /// Facebook.
    Facebook,
    /// Instagram.
    Instagram,
}

impl From<PlatformArg> for Platform {
    fn from(p: PlatformArg) -> Self {
        match p {
            PlatformArg::X => Platform::X,
            PlatformArg::Bluesky => Platform::Bluesky,
            PlatformArg::Mastodon => Platform::Mastodon,
            PlatformArg::Threads => Platform::Threads,
            PlatformArg::Linkedin => Platform::Linkedin,
            PlatformArg::Facebook => Platform::Facebook,
            PlatformArg::Instagram => Platform::Instagram,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SeverityArg {
    /// Any finding.
    Note,
    /// Advice and above.
    Advice,
    /// Warnings and above.
    Warning,
    /// Only serious findings.
    Serious,
    /// Never fail on findings.
    Never,
}

impl SeverityArg {
    pub(crate) fn threshold(self) -> Option<Severity> {
        match self {
            SeverityArg::Note => Some(Severity::Note),
            SeverityArg::Advice => Some(Severity::Advice),
            SeverityArg::Warning => Some(Severity::Warning),
            SeverityArg::Serious => Some(Severity::Serious),
            SeverityArg::Never => None,
        }
    }
}
