//! `junggye seed --demo [--listings N]`: demo members, listings with photos drawn in code, and
//! notices, written through the configured adapters (SQLite or MySQL; local disk or S3).
//!
//! The demo set is idempotent: members are recognised by their user key, listings by seller and
//! name, notices by title, and what exists is left alone. `--listings N` adds N synthetic
//! on-sale listings (for load tests) through [`SeaBulkListings`] every time it is given; they
//! belong to their own `demo-bulk-*` sellers and share one generated photo per category.

mod data;
mod photos;

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, anyhow};
use chrono::Utc;
use junggye_domain_common::{Page, SystemClock};
use junggye_members::{JoinRequest, MemberService};
use junggye_mysql::{
    SeaBulkListings, SeaMemberRepository, SeaNoticeRepository, SeaProductRepository,
};
use junggye_products::images::{ImageKind, ImageStore, StoredImage};
use junggye_products::notices::{NoticeDraft, NoticeKind, NoticeService};
use junggye_products::{
    Category, Cursor, Description, ListFilter, ListOrder, ListingDraft, Location, MemberId,
    NewProduct, OpenChatUrl, Price, ProductName, ProductRepository, ProductStatus, SortKey,
};
use sea_orm::DatabaseConnection;

pub use photos::listing_photo;

use crate::config::Settings;
use data::{DESCRIPTIONS, LISTINGS, LOCATIONS, MEMBERS, NOTICES, SYNTHETIC};

/// Synthetic listings per [`SeaBulkListings::insert`] call (one transaction each).
const BULK_BATCH: usize = 1000;
/// Sellers of the synthetic listings.
const BULK_SELLERS: &[&str] = &[
    "동네주민",
    "알뜰살뜰",
    "새것같은중고",
    "미니멀라이프",
    "이사갑니다",
    "득템하세요",
    "중계동 주민",
    "주말판매자",
];

/// What `junggye seed` was asked to do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedOptions {
    /// Seed the demo members, listings and notices.
    pub demo: bool,
    /// Synthetic listings to add.
    pub listings: u64,
}

impl SeedOptions {
    /// Parses the arguments after `seed`: `--demo`, `--listings N` / `--listings=N`.
    ///
    /// # Errors
    /// A message for an unknown argument, a bad count, or nothing to do.
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let mut options = Self::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let count = match *arg {
                "--demo" => {
                    options.demo = true;
                    continue;
                }
                "--listings" => args
                    .next()
                    .copied()
                    .ok_or("--listings needs a number, e.g. --listings 100000")?,
                other => match other.strip_prefix("--listings=") {
                    Some(count) => count,
                    None => return Err(format!("unknown seed argument {other:?}")),
                },
            };
            options.listings = count
                .replace('_', "")
                .parse()
                .map_err(|_| format!("--listings needs a number, not {count:?}"))?;
        }
        if !options.demo && options.listings == 0 {
            return Err("seed needs --demo and/or --listings N".into());
        }
        Ok(options)
    }
}

/// What a seed run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeedSummary {
    /// Members joined now.
    pub members_created: usize,
    /// Members that were already there.
    pub members_existing: usize,
    /// Demo listings stored now.
    pub listings_created: usize,
    /// Demo listings that were already there.
    pub listings_existing: usize,
    /// Photos put in the image store.
    pub photos_stored: usize,
    /// Notices written now.
    pub notices_created: usize,
    /// Notices that were already there.
    pub notices_existing: usize,
    pub synthetic_listings: u64,
    /// How long the synthetic listings took.
    pub synthetic_time: Duration,
}

impl fmt::Display for SeedSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "members:  {} created, {} already there",
            self.members_created, self.members_existing
        )?;
        writeln!(
            f,
            "listings: {} created, {} already there",
            self.listings_created, self.listings_existing
        )?;
        writeln!(
            f,
            "notices:  {} created, {} already there",
            self.notices_created, self.notices_existing
        )?;
        write!(f, "photos:   {} stored", self.photos_stored)?;
        if self.synthetic_listings > 0 {
            write!(
                f,
                "\nsynthetic listings: {} in {:.1} s",
                self.synthetic_listings,
                self.synthetic_time.as_secs_f64()
            )?;
        }
        Ok(())
    }
}

/// The demo members' user keys, as the playground takes them.
#[must_use]
pub fn demo_user_keys() -> Vec<&'static str> {
    MEMBERS.iter().map(|m| m.user_key).collect()
}

/// Seeds the database `db` (already migrated) and the image store `settings` configures.
///
/// # Errors
/// Storage failures, with context; what was stored before stays (a rerun completes it).
pub async fn run(
    settings: &Settings,
    db: &DatabaseConnection,
    options: &SeedOptions,
) -> anyhow::Result<SeedSummary> {
    let images = crate::images::Images::build(settings, db, &[])?;
    Seeder::new(db.clone(), images.store).run(options).await
}

/// The seeding steps, on the app's adapters.
pub struct Seeder {
    db: DatabaseConnection,
    store: Arc<dyn ImageStore>,
    members: MemberService,
    products: SeaProductRepository,
    summary: SeedSummary,
}

impl Seeder {
    /// A seeder writing to `db` and `store`.
    #[must_use]
    pub fn new(db: DatabaseConnection, store: Arc<dyn ImageStore>) -> Self {
        Self {
            members: MemberService::new(
                Arc::new(SeaMemberRepository::new(db.clone())),
                Arc::new(SystemClock),
            ),
            products: SeaProductRepository::new(db.clone()),
            db,
            store,
            summary: SeedSummary::default(),
        }
    }

    /// Runs what `options` asks for.
    ///
    /// # Errors
    /// Storage failures, with context.
    pub async fn run(mut self, options: &SeedOptions) -> anyhow::Result<SeedSummary> {
        if options.demo {
            let mut sellers = Vec::with_capacity(MEMBERS.len());
            for member in MEMBERS {
                sellers.push(
                    self.member(member.user_key, member.nickname, member.phone)
                        .await?,
                );
            }
            self.listings(&sellers).await?;
            self.notices().await?;
        }
        if options.listings > 0 {
            let mut sellers = Vec::with_capacity(BULK_SELLERS.len());
            for (i, nickname) in BULK_SELLERS.iter().enumerate() {
                let key = format!("demo-bulk-{}", i + 1);
                let phone = format!("010-9000-{:04}", i + 1);
                sellers.push(self.member(&key, nickname, &phone).await?);
            }
            self.synthetic(options.listings, &sellers).await?;
        }
        Ok(self.summary)
    }

    /// The member with this user key, joined now if missing.
    async fn member(
        &mut self,
        user_key: &str,
        nickname: &str,
        phone: &str,
    ) -> anyhow::Result<MemberId> {
        let found = self
            .members
            .find_member(user_key)
            .await
            .with_context(|| format!("looking up demo member {user_key}"))?;
        let member = match found {
            Some(member) => {
                self.summary.members_existing += 1;
                member
            }
            None => {
                self.summary.members_created += 1;
                self.members
                    .join(JoinRequest {
                        user_key: user_key.to_owned(),
                        // What the playground sends alongside the botUserKey.
                        plusfriend_user_key: Some(format!("pf-{user_key}")),
                        name: nickname.to_owned(),
                        phone: phone.to_owned(),
                    })
                    .await
                    .with_context(|| format!("joining demo member {user_key}"))?
            }
        };
        Ok(member.id)
    }

    /// Names of the seller's listings in any status but deleted.
    async fn names_of(&self, seller: MemberId) -> anyhow::Result<HashSet<String>> {
        let mut names = HashSet::new();
        for status in [
            ProductStatus::OnSale,
            ProductStatus::Reserved,
            ProductStatus::Hidden,
            ProductStatus::Pending,
            ProductStatus::Sold,
        ] {
            let mut before = None;
            loop {
                let page = self
                    .products
                    .list(
                        &ListFilter::Seller(seller, status),
                        &ListOrder::default(),
                        before,
                        100,
                        // The seller's own view: listings under review count too.
                        &junggye_products::Visibility {
                            include_under_review: true,
                            hidden_sellers: Vec::new(),
                        },
                    )
                    .await
                    .context("listing a demo seller's listings")?;
                before = page.last().map(|p| Cursor::after(p, SortKey::IdDesc));
                let full = page.len() == 100;
                names.extend(page.into_iter().map(|p| p.draft.name.as_str().to_owned()));
                if !full {
                    break;
                }
            }
        }
        Ok(names)
    }

    async fn listings(&mut self, sellers: &[MemberId]) -> anyhow::Result<()> {
        let mut existing: HashMap<usize, HashSet<String>> = HashMap::new();
        let now = Utc::now();
        let count = LISTINGS.len();
        for (index, demo) in LISTINGS.iter().enumerate() {
            let seller = *sellers
                .get(demo.seller)
                .ok_or_else(|| anyhow!("demo listing {:?} has no seller", demo.name))?;
            if let Entry::Vacant(entry) = existing.entry(demo.seller) {
                entry.insert(self.names_of(seller).await?);
            }
            if existing
                .get(&demo.seller)
                .is_some_and(|names| names.contains(demo.name))
            {
                self.summary.listings_existing += 1;
                continue;
            }
            let open_chat = MEMBERS.get(demo.seller).map_or("", |m| m.open_chat);
            let draft = draft(
                demo.name,
                demo.price,
                demo.description,
                demo.location,
                open_chat,
                demo.category,
            )?;
            let mut photos = Vec::new();
            for n in 0..demo.photos {
                let variant = u32::try_from(index).unwrap_or(0) * 3 + n;
                photos.push(self.put(listing_photo(demo.category, variant)?).await?);
            }
            // Oldest first, about an hour apart, ending now.
            let age = chrono::Duration::minutes(47 * i64::try_from(count - index).unwrap_or(0));
            let product = self
                .products
                .create(&NewProduct {
                    seller,
                    draft,
                    photos,
                    created_at: now - age,
                })
                .await
                .with_context(|| format!("storing demo listing {:?}", demo.name))?;
            if demo.status != ProductStatus::OnSale {
                self.products
                    .change_status(product.id, product.version, demo.status)
                    .await
                    .with_context(|| format!("marking demo listing {:?}", demo.name))?;
            }
            self.summary.listings_created += 1;
        }
        Ok(())
    }

    async fn notices(&mut self) -> anyhow::Result<()> {
        let service = NoticeService::new(
            Arc::new(SeaNoticeRepository::new(self.db.clone())),
            Arc::new(SystemClock),
        );
        let mut titles = HashSet::new();
        for number in 0.. {
            let page = service
                .all(Page::new(number, Page::MAX_SIZE))
                .await
                .context("listing notices")?;
            titles.extend(page.items.into_iter().map(|n| n.draft.title));
            if !page.has_more {
                break;
            }
        }
        for notice in NOTICES {
            if titles.contains(notice.title) {
                self.summary.notices_existing += 1;
                continue;
            }
            service
                .create(NoticeDraft {
                    kind: NoticeKind::TextCard,
                    title: notice.title.to_owned(),
                    body: notice.body.to_owned(),
                    image_url: None,
                    buttons: Vec::new(),
                    status: notice.status,
                    author: Some("seed".to_owned()),
                })
                .await
                .with_context(|| format!("storing demo notice {:?}", notice.title))?;
            self.summary.notices_created += 1;
        }
        Ok(())
    }

    async fn synthetic(&mut self, count: u64, sellers: &[MemberId]) -> anyhow::Result<()> {
        let started = Instant::now();
        // One shared photo per category: 100,000 distinct images would only test the disk.
        let mut photos = Vec::with_capacity(SYNTHETIC.len());
        for (i, pool) in SYNTHETIC.iter().enumerate() {
            let variant = 1000 + u32::try_from(i).unwrap_or(0);
            photos.push(self.put(listing_photo(pool.category, variant)?).await?);
        }
        let bulk = SeaBulkListings::new(self.db.clone());
        let mut rng = SplitMix(0x6a75_6e67_6779_6521 ^ count);
        // Spread over at most 30 days before now, oldest first, ids and times in step.
        let span = chrono::Duration::days(30);
        let step = (span / i32::try_from(count).unwrap_or(i32::MAX))
            .max(chrono::Duration::milliseconds(1));
        let start = Utc::now() - step * i32::try_from(count).unwrap_or(i32::MAX);
        let mut done = 0_u64;
        while done < count {
            let size = usize::try_from(count - done)
                .unwrap_or(BULK_BATCH)
                .min(BULK_BATCH);
            let mut batch = Vec::with_capacity(size);
            for _ in 0..size {
                let pool_index = rng.below(SYNTHETIC.len());
                let (pool, photo) = SYNTHETIC
                    .get(pool_index)
                    .zip(photos.get(pool_index))
                    .ok_or_else(|| anyhow!("no synthetic pool {pool_index}"))?;
                let seller = *sellers
                    .get(rng.below(sellers.len()))
                    .ok_or_else(|| anyhow!("no synthetic seller"))?;
                let at = start + step * i32::try_from(done + batch.len() as u64).unwrap_or(0);
                batch.push(NewProduct {
                    seller,
                    draft: synthetic_draft(&mut rng, pool)?,
                    photos: vec![photo.clone()],
                    created_at: at,
                });
            }
            done += bulk
                .insert(&batch)
                .await
                .context("storing synthetic listings")?;
            if done.is_multiple_of(20_000) {
                tracing::info!(done, count, "synthetic listings stored");
            }
        }
        self.summary.synthetic_listings = done;
        self.summary.synthetic_time = started.elapsed();
        Ok(())
    }

    /// Stores one photo. Retried a few times: with S3, the bucket is created in the background
    /// while the app starts (see [`crate::images::Images::build`]).
    async fn put(&mut self, bytes: Vec<u8>) -> anyhow::Result<StoredImage> {
        let mut attempt = 0_u32;
        loop {
            match self.store.put(bytes.clone(), ImageKind::Png).await {
                Ok(stored) => {
                    self.summary.photos_stored += 1;
                    return Ok(stored);
                }
                Err(error) if attempt < 5 => {
                    attempt += 1;
                    tracing::debug!(error = ?error, attempt, "storing a demo photo failed; retrying");
                    tokio::time::sleep(Duration::from_millis(200) * attempt).await;
                }
                Err(error) => {
                    return Err(anyhow::Error::new(error).context("storing a demo photo"));
                }
            }
        }
    }
}

/// A listing draft from plain values, through the domain's own checks.
fn draft(
    name: &str,
    price: i64,
    description: &str,
    location: &str,
    open_chat: &str,
    category: Category,
) -> anyhow::Result<ListingDraft> {
    let bad = |e: junggye_products::ValidationError| anyhow!("demo listing {name:?}: {e}");
    Ok(ListingDraft {
        name: ProductName::parse(name).map_err(bad)?,
        price: Price::from_won(price).map_err(bad)?,
        description: Description::parse(description).map_err(bad)?,
        location: Location::parse(location).map_err(bad)?,
        open_chat_url: OpenChatUrl::parse(open_chat).map_err(bad)?,
        category,
    })
}

/// A varied synthetic listing from `pool`.
fn synthetic_draft(rng: &mut SplitMix, pool: &data::SyntheticPool) -> anyhow::Result<ListingDraft> {
    let (base, base_price) = *rng.pick(pool.bases)?;
    let mut name = base.to_owned();
    // Most sellers add a detail or two (`아이폰 14 256GB 블랙`), some only the product.
    let details = rng.below(10);
    if details >= 3 {
        name.push(' ');
        name.push_str(rng.pick(pool.details)?);
    }
    if details >= 8 {
        let second = rng.pick(pool.details)?;
        if !name.ends_with(second)
            && name.chars().count() + 1 + second.chars().count() <= ProductName::MAX_CHARS
        {
            name.push(' ');
            name.push_str(second);
        }
    }
    // 60% to 130% of the typical price, in whole thousands.
    let factor = 60 + i64::try_from(rng.below(71)).unwrap_or(0);
    let price = (base_price * factor / 100 / 1000).max(1) * 1000;
    let description = format!("{} {}", rng.pick(DESCRIPTIONS)?, rng.pick(DESCRIPTIONS)?);
    let open_chat = format!("https://open.kakao.com/o/s{:08x}", rng.next() & 0xffff_ffff);
    draft(
        &name,
        price,
        &description,
        rng.pick(LOCATIONS)?,
        &open_chat,
        pool.category,
    )
}

/// SplitMix64: a tiny deterministic generator, so two bench runs seed the same names.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> anyhow::Result<&'a T> {
        items
            .get(self.below(items.len()))
            .ok_or_else(|| anyhow!("empty synthetic pool"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_seed_arguments() {
        assert_eq!(
            SeedOptions::parse(&["--demo"]),
            Ok(SeedOptions {
                demo: true,
                listings: 0
            })
        );
        assert_eq!(
            SeedOptions::parse(&["--demo", "--listings", "100_000"]),
            Ok(SeedOptions {
                demo: true,
                listings: 100_000
            })
        );
        assert_eq!(
            SeedOptions::parse(&["--listings=500"]),
            Ok(SeedOptions {
                demo: false,
                listings: 500
            })
        );
        for bad in [
            &[][..],
            &["--listings"],
            &["--listings", "many"],
            &["--demos"],
        ] {
            assert!(SeedOptions::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_demo_value_passes_the_domain_checks() {
        for member in MEMBERS {
            junggye_members::Nickname::parse(member.nickname).unwrap();
            junggye_members::PhoneNumber::parse(member.phone).unwrap();
            OpenChatUrl::parse(member.open_chat).unwrap();
        }
        let mut names = HashSet::new();
        for demo in LISTINGS {
            draft(
                demo.name,
                demo.price,
                demo.description,
                demo.location,
                MEMBERS[demo.seller].open_chat,
                demo.category,
            )
            .unwrap();
            assert!((1..=3).contains(&demo.photos), "{}", demo.name);
            assert!(
                names.insert((demo.seller, demo.name)),
                "duplicate {}",
                demo.name
            );
        }
        for category in Category::ALL {
            assert!(
                LISTINGS.iter().any(|l| l.category == category),
                "{category:?}"
            );
            assert!(
                SYNTHETIC.iter().any(|p| p.category == category),
                "{category:?}"
            );
        }
        assert!(
            LISTINGS
                .iter()
                .filter(|l| l.status == ProductStatus::Sold)
                .count()
                == 1
        );
        assert!(LISTINGS.iter().any(|l| l.status == ProductStatus::Reserved));
        assert!(
            NOTICES
                .iter()
                .any(|n| n.status == junggye_products::notices::NoticeStatus::Pinned)
        );
        for nickname in BULK_SELLERS {
            junggye_members::Nickname::parse(nickname).unwrap();
        }
    }

    #[test]
    fn synthetic_names_are_valid_varied_and_sometimes_iphones() {
        let mut rng = SplitMix(7);
        let mut names = HashSet::new();
        let mut iphones = 0;
        for _ in 0..5000 {
            let pool = rng.pick(SYNTHETIC).unwrap();
            let draft = synthetic_draft(&mut rng, pool).unwrap();
            if draft.name.as_str().contains("아이폰") {
                iphones += 1;
            }
            names.insert(draft.name.as_str().to_owned());
        }
        assert!(names.len() > 500, "only {} distinct names", names.len());
        // 4 of 14 digital bases, digital 1 of 10 categories: about 3%.
        assert!((50..=300).contains(&iphones), "{iphones} iPhones in 5000");
    }
}
