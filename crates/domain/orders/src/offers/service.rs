//! Offer use cases, driven by the offer skills, the admin view and the expiry job.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use junggye_domain_common::{Clock, Page, Paged};
use junggye_members::ActiveMember;
use junggye_members::blocks::{BlockRepository, NoBlocks};
use junggye_products::Price;
use tracing::{info, warn};

use super::error::OfferError;
use super::model::{NewOffer, Offer, OfferConfig, OfferDecision, OfferRole, OfferState};
use super::ports::OfferRepository;
use super::{notices, rules};
use crate::model::{MemberId, OfferId, ProductId, Reservation, Won};
use crate::ports::ListingGateway;

/// Most offers the admin view of one listing shows.
const ADMIN_LIST_LIMIT: u32 = 100;

pub struct OfferService {
    repo: Arc<dyn OfferRepository>,
    listings: Arc<dyn ListingGateway>,
    clock: Arc<dyn Clock>,
    config: OfferConfig,
    blocks: Arc<dyn BlockRepository>,
}

impl OfferService {
    pub fn new(
        repo: Arc<dyn OfferRepository>,
        listings: Arc<dyn ListingGateway>,
        clock: Arc<dyn Clock>,
        config: OfferConfig,
    ) -> Self {
        Self {
            repo,
            listings,
            clock,
            config,
            blocks: Arc::new(NoBlocks),
        }
    }

    /// Refuses offers (made or accepted) between members when either blocked the other.
    #[must_use]
    pub fn with_blocks(mut self, blocks: Arc<dyn BlockRepository>) -> Self {
        self.blocks = blocks;
        self
    }

    async fn refuse_blocked(&self, buyer: MemberId, seller: MemberId) -> Result<(), OfferError> {
        let blocked = self
            .blocks
            .either_way(buyer, seller)
            .await
            .map_err(|e| OfferError::Unexpected(e.into()))?;
        if blocked {
            return Err(OfferError::Blocked);
        }
        Ok(())
    }

    #[must_use]
    pub fn config(&self) -> &OfferConfig {
        &self.config
    }

    /// A buyer offers `raw_price` (as typed: `9000`, `9,000원`, `0.9만`) for a listing on sale
    /// that is not theirs; the seller is told in the same transaction.
    ///
    /// # Errors
    /// [`OfferError::Invalid`] for an unreadable price, [`OfferError::ListingNotFound`],
    /// [`OfferError::OwnListing`], [`OfferError::NotOnSale`],
    /// [`OfferError::PriceOutOfRange`], [`OfferError::AlreadyOffered`], [`OfferError::Blocked`]
    /// when the buyer or the seller blocked the other.
    pub async fn make(
        &self,
        buyer: &ActiveMember,
        product: ProductId,
        raw_price: &str,
    ) -> Result<Offer, OfferError> {
        let price = Won(Price::parse(raw_price)?.won());
        let listing = self
            .listings
            .snapshot(product)
            .await?
            .ok_or(OfferError::ListingNotFound)?;
        rules::may_offer(&listing, buyer.id())?;
        self.refuse_blocked(buyer.id(), listing.seller_id).await?;
        rules::check_price(listing.price, price, self.config.min_ratio)?;
        let offer = NewOffer {
            product_id: listing.product_id,
            buyer_id: buyer.id(),
            seller_id: listing.seller_id,
            price,
            created_at: self.clock.now(),
        };
        let stored = self
            .repo
            .create(&offer, &notices::received(&offer, &listing.name))
            .await?;
        info!(offer = %stored.id, product = %product, "offer made");
        Ok(stored)
    }

    /// My received or sent offers, newest first.
    ///
    /// # Errors
    /// [`OfferError::Unexpected`] on storage failure.
    pub async fn list(
        &self,
        member: &ActiveMember,
        role: OfferRole,
        page: Page,
    ) -> Result<Paged<Offer>, OfferError> {
        self.repo.list(member.id(), role, page).await
    }

    /// The seller accepts (reserving the listing for the buyer until `offers.ttl_hours` from
    /// now) or rejects (an accepted, unpaid offer too: the listing is then on sale again). The
    /// buyer is told in the same transaction.
    ///
    /// # Errors
    /// [`OfferError::NotFound`] unless the member is the offer's seller,
    /// [`OfferError::AlreadyAnswered`] when the offer is past this answer (a racing answer,
    /// the expiry job or a payment got there first), [`OfferError::NotOnSale`] when accepting
    /// an offer on a listing that is no longer on sale, [`OfferError::Blocked`] when accepting
    /// an offer across a block.
    pub async fn respond(
        &self,
        seller: &ActiveMember,
        id: OfferId,
        decision: OfferDecision,
    ) -> Result<Offer, OfferError> {
        let offer = self
            .repo
            .find(id)
            .await?
            .filter(|o| o.seller_id == seller.id())
            .ok_or(OfferError::NotFound)?;
        let now = self.clock.now();
        let (change, expires_at) = match (decision, offer.state) {
            (OfferDecision::Accept, OfferState::Open) => {
                self.refuse_blocked(offer.buyer_id, offer.seller_id).await?;
                // A reservation past its end but not yet expired by the job would block this
                // accept for nothing: expire it first (the same compare-and-set the job makes).
                self.expire(now, Some(offer.product_id)).await?;
                (OfferState::ACCEPT, Some(now + self.config.ttl))
            }
            (OfferDecision::Reject, OfferState::Open) => (OfferState::REJECT_OPEN, None),
            (OfferDecision::Reject, OfferState::Accepted) => (OfferState::REJECT_ACCEPTED, None),
            (_, state) => return Err(OfferError::AlreadyAnswered(state)),
        };
        let accepted = change.to == OfferState::Accepted;
        let moved = self
            .repo
            .apply(
                id,
                change,
                expires_at,
                now,
                &notices::answered(&offer, accepted),
            )
            .await?;
        let current = self.repo.find(id).await?.ok_or(OfferError::NotFound)?;
        if !moved {
            return Err(OfferError::AlreadyAnswered(current.state));
        }
        info!(offer = %id, to = change.to.code(), "offer answered");
        Ok(current)
    }

    /// The unexpired reservation of a listing, for its detail (the pay button at the agreed
    /// price for that buyer, 예약중 for everyone else).
    ///
    /// # Errors
    /// [`OfferError::Unexpected`] on storage failure.
    pub async fn reservation(&self, product: ProductId) -> Result<Option<Reservation>, OfferError> {
        let now = self.clock.now();
        Ok(self
            .listings
            .snapshot(product)
            .await?
            .and_then(|l| l.live_reservation(now)))
    }

    /// The offers of a listing, newest first (admin).
    ///
    /// # Errors
    /// [`OfferError::Unexpected`] on storage failure.
    pub async fn of_listing(&self, product: ProductId) -> Result<Vec<Offer>, OfferError> {
        self.repo.of_listing(product, ADMIN_LIST_LIMIT).await
    }

    /// The expiry job: accepted offers past their reservation become expired and their
    /// listings go back on sale. Several instances may run it: each offer's move is a
    /// compare-and-set, so one of them makes it. Returns how many this run expired.
    ///
    /// # Errors
    /// [`OfferError::Unexpected`] when listing the due offers fails.
    pub async fn expire_due(&self) -> Result<u32, OfferError> {
        self.expire(self.clock.now(), None).await
    }

    async fn expire(
        &self,
        now: DateTime<Utc>,
        product: Option<ProductId>,
    ) -> Result<u32, OfferError> {
        let mut expired = 0;
        for id in self
            .repo
            .due_to_expire(now, product, self.config.batch)
            .await?
        {
            match self
                .repo
                .apply(id, OfferState::EXPIRE, None, now, &[])
                .await
            {
                Ok(true) => {
                    info!(offer = %id, "accepted offer expired; listing back on sale");
                    expired += 1;
                }
                Ok(false) => {}
                Err(e) => warn!(offer = %id, error = ?e, "could not expire an offer"),
            }
        }
        Ok(expired)
    }
}
