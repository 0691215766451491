//! Deterministic synthetic content: a small PRNG and post texts from templates.

use chrono::{DateTime, Duration, TimeZone, Utc};

/// SplitMix64: small, fast, and the same everywhere, so fixtures are reproducible.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `percent` in 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One of `items`.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// `n` random lower-case letters and digits.
    pub fn token(&mut self, n: usize) -> String {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        (0..n).map(|_| char::from(self.pick(ALPHABET))).collect()
    }
}

/// What a generated post is about, for tests that look for a theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Theme {
    /// Everyday, harmless.
    Benign,
    /// Party politics.
    Politics,
    /// Contains a (fictional) phone number.
    Phone,
    /// An insult.
    Insult,
    /// A link to an internal system of the employer.
    InternalLink,
    /// Non-ASCII text and characters that need escaping (`&`, `<`, `>`, quotes).
    Special,
}

const PLACES: &[&str] = &[
    "the canal",
    "the river path",
    "Riverside Park",
    "the old railway line",
    "the seafront",
];
const THINGS: &[&str] = &[
    "bakery",
    "bike shop",
    "dentist",
    "climbing wall",
    "coffee place",
    "vet",
];
const CITIES: &[&str] = &[
    "Exampleton",
    "Sampleford",
    "Placeholder Bay",
    "Testbury",
    "Mockridge",
];
const BOOKS: &[&str] = &[
    "The Quiet Harbour",
    "Notes on Gardening",
    "A Year of Soup",
    "Small Engines",
];
const FEATURES: &[&str] = &[
    "the new search",
    "dark mode",
    "offline sync",
    "the accessibility audit",
];
const PARTIES: &[&str] = &[
    "the Purple Party",
    "the Teal Alliance",
    "the Orange Union",
    "the Green Front",
];
const ISSUES: &[&str] = &[
    "housing",
    "rail fares",
    "the NHS budget",
    "tax credits",
    "school meals",
];
const PEOPLE: &[&str] = &[
    "Sam Placeholder",
    "Jo Sample",
    "Chris Dummy",
    "Pat Fixture",
    "Robin Mock",
];
const ROLES: &[&str] = &["manager", "team lead", "new director", "client", "landlord"];
const HANDLES: &[&str] = &[
    "sam_placeholder",
    "jo_sample",
    "chris_dummy",
    "pat_fixture",
    "robin_mock",
    "example_news",
];
const EMOJI: &[&str] = &["🙂", "🎉", "☕", "🚲", "🌧️", "👀", "😀"];
const SPECIAL: &[&str] = &[
    "Fish & chips < pizza? Discuss > 3 \"hot takes\" 🍕",
    "Café crème with Zoë and François, naïve but fun — très bien! 😀",
    "R&D budget: 5 < 10 && 10 > 5, obviously. Don’t @ me",
    "Grüße aus München! Straße, Übermut, „Anführungszeichen“ ☕",
    "Ça va? ¿Qué tal? ありがとう — 🌧️ all day",
];

impl Rng {
    /// A post text on a random theme (weights: mostly benign).
    pub fn post_text(&mut self) -> (String, Theme) {
        let roll = self.below(100);
        let theme = match roll {
            0..=54 => Theme::Benign,
            55..=64 => Theme::Politics,
            65..=71 => Theme::Phone,
            72..=79 => Theme::Insult,
            80..=87 => Theme::InternalLink,
            _ => Theme::Special,
        };
        (self.text_on(theme), theme)
    }

    /// A post text on `theme`.
    pub fn text_on(&mut self, theme: Theme) -> String {
        let emoji = self.pick(EMOJI);
        match theme {
            Theme::Benign => match self.below(6) {
                0 => format!("Lovely morning run along {} {emoji}", self.pick(PLACES)),
                1 => format!(
                    "Just finished reading {}. Highly recommend it!",
                    self.pick(BOOKS)
                ),
                2 => format!(
                    "Does anyone know a good {} in {}?",
                    self.pick(THINGS),
                    self.pick(CITIES)
                ),
                3 => format!(
                    "Our team shipped {} today {emoji} Proud of everyone at Example Corp.",
                    self.pick(FEATURES)
                ),
                4 => format!(
                    "Coffee count today: {}. Send help {emoji}",
                    2 + self.below(5)
                ),
                _ => format!(
                    "Rain again in {}. At least the garden is happy {emoji}",
                    self.pick(CITIES)
                ),
            },
            Theme::Politics => match self.below(4) {
                0 => format!(
                    "Honestly {} have lost the plot on {}. Vote them out!",
                    self.pick(PARTIES),
                    self.pick(ISSUES)
                ),
                1 => format!(
                    "Proud to be out canvassing for {} this weekend. Join us!",
                    self.pick(PARTIES)
                ),
                2 => format!(
                    "Anyone who votes for {} deserves what they get on {}.",
                    self.pick(PARTIES),
                    self.pick(ISSUES)
                ),
                _ => format!(
                    "Great speech from the leader of {} on {} tonight.",
                    self.pick(PARTIES),
                    self.pick(ISSUES)
                ),
            },
            Theme::Phone => {
                if self.chance(50) {
                    format!(
                        "Selling two tickets for Saturday, call me on 07700 900{:03} {emoji}",
                        self.below(1000)
                    )
                } else {
                    format!(
                        "Text me at (555) 01{:02}-{:04} if you want the spare desk",
                        self.below(100),
                        self.below(10000)
                    )
                }
            }
            Theme::Insult => match self.below(3) {
                0 => format!(
                    "What an absolute idiot our {} is. Unbelievable.",
                    self.pick(ROLES)
                ),
                1 => format!(
                    "{} is a useless clown and everyone knows it.",
                    self.pick(PEOPLE)
                ),
                _ => format!(
                    "Dealing with morons all day at work. Our {} is a total moron.",
                    self.pick(ROLES)
                ),
            },
            Theme::InternalLink => match self.below(3) {
                0 => format!(
                    "Draft is up, have a look: https://intranet.example-corp.internal/wiki/{}",
                    self.token(8)
                ),
                1 => format!(
                    "Can someone check https://jira.example-corp.internal/browse/PROJ-{} before Friday?",
                    100 + self.below(9000)
                ),
                _ => format!(
                    "Q3 numbers are in the deck at https://docs.example-corp.internal/d/{} 👀",
                    self.token(12)
                ),
            },
            Theme::Special => self.pick(SPECIAL).to_owned(),
        }
    }

    /// A long text (a few hundred characters) for X note tweets.
    pub fn long_text(&mut self) -> String {
        let mut text = String::from("A longer thought, since a few people asked. ");
        while text.chars().count() < 420 + self.below(400) as usize {
            let (sentence, _) = self.post_text();
            text.push_str(&sentence);
            text.push(' ');
        }
        text.trim_end().to_owned()
    }

    /// A handle other than the account holder's.
    pub fn handle(&mut self) -> &'static str {
        self.pick(HANDLES)
    }

    /// A person's name other than the account holder's.
    pub fn person(&mut self) -> &'static str {
        self.pick(PEOPLE)
    }
}

/// Post times: from 2019 on, a few hours apart, with about one in eight posted between
/// midnight and 4 a.m.
#[derive(Debug, Clone)]
pub(crate) struct Clock {
    now: DateTime<Utc>,
}

impl Clock {
    pub(crate) fn new() -> Clock {
        Clock {
            now: Utc
                .with_ymd_and_hms(2019, 1, 1, 9, 0, 0)
                .single()
                .unwrap_or_default(),
        }
    }

    pub(crate) fn tick(&mut self, rng: &mut Rng) -> DateTime<Utc> {
        self.now += Duration::seconds(600 + rng.below(8 * 3600) as i64);
        if rng.chance(12) {
            let late = self
                .now
                .date_naive()
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default()
                .and_utc()
                + Duration::days(1)
                + Duration::seconds(rng.below(4 * 3600) as i64);
            self.now = late;
        }
        self.now
    }
}
