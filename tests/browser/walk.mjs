// Walks one whole trade through the chat playground in headless Chromium, as two people would:
// join → register a listing with a photo → browse → detail as the buyer → an offer accepted → pay on the dev
// gateway's page → tracking number → purchase confirmation → sale confirmation.
//
// Run by scripts/browser-test.sh, which starts the app on a throwaway database and sets
// BASE_URL. Every step asserts what the rendered bubbles say and saves a numbered screenshot in
// SCREENSHOT_DIR. Exits non-zero on the first failed step (with a screenshot of the failure).
//
// Env: BASE_URL (required), SCREENSHOT_DIR (default ./screenshots), CHROMIUM (default
//      /usr/bin/chromium), STEP_TIMEOUT_MS (default 10000).
import { mkdirSync } from "node:fs";
import { join as joinPath } from "node:path";
import { deflateSync } from "node:zlib";
import { chromium } from "playwright-core";

const BASE_URL = (process.env.BASE_URL || "").replace(/\/+$/, "");
if (!BASE_URL) {
  console.error("walk: BASE_URL is not set (scripts/browser-test.sh sets it)");
  process.exit(2);
}
const SHOTS = process.env.SCREENSHOT_DIR || "screenshots";
const TIMEOUT = Number(process.env.STEP_TIMEOUT_MS || 10000);
mkdirSync(SHOTS, { recursive: true });

const LISTING = { name: "캠핑 의자 2개", price: "25000", won: "25,000원" };
const SELLER = { nickname: "판매왕", phone: "010-1234-5678" };
const BUYER = { nickname: "구매왕", phone: "010-9876-5432" };
const TRACKING = "123456789012";
const OFFER = { price: "20000", won: "20,000원" };
const PHONE = { width: 390, height: 844 };

// ---- a small valid PNG, drawn here (no fixture file) ----------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
/** A 160×120 RGB picture: a sky-to-grass gradient with a yellow "chair". */
function png(width = 160, height = 120) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const sky = y < height * 0.65;
      let [r, g, b] = sky ? [120 + y, 180 + y / 2, 235] : [70, 150 - (y - 78), 60];
      const seat = x > 50 && x < 110 && y > 55 && y < 70;
      const back = x > 50 && x < 62 && y > 20 && y < 70;
      const legs = (Math.abs(x - 56) < 3 || Math.abs(x - 104) < 3) && y >= 70 && y < 95;
      if (seat || back || legs) [r, g, b] = [254, 229, 0];
      const i = row + 1 + x * 3;
      raw[i] = r;
      raw[i + 1] = g;
      raw[i + 2] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---- the walk --------------------------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
});
const context = await browser.newContext({
  viewport: PHONE,
  deviceScaleFactor: 1,
  isMobile: true,
  hasTouch: true,
  locale: "ko-KR",
});
context.setDefaultTimeout(TIMEOUT);
const page = await context.newPage();
const problems = [];
page.on("pageerror", (error) => problems.push("page error: " + error.message));
// Failed requests, except the favicon the page does not have.
page.on("response", (response) => {
  if (response.status() >= 400 && !response.url().endsWith("/favicon.ico")) {
    problems.push(`HTTP ${response.status()} for ${response.request().method()} ${response.url()}`);
  }
});

let shot = 0;
let current = "start";
const t0 = Date.now();
async function screenshot(name, target = page) {
  shot += 1;
  const file = joinPath(SHOTS, `${String(shot).padStart(2, "0")}-${name}.png`);
  await target.screenshot({ path: file });
  console.log(`walk: ${((Date.now() - t0) / 1000).toFixed(1)} s  ${file}`);
}
function step(name) {
  current = name;
}

const botRows = () => page.locator(".log.active .row:not(.me)");
const lastBot = () => botRows().last();

/** Runs `action`, then waits until a bot bubble added after it shows every string in `wanted`. */
async function expectReply(action, ...wanted) {
  const before = await botRows().count();
  await action();
  try {
    await page.waitForFunction(
      ([before, wanted]) => {
        const rows = [...document.querySelectorAll(".log.active .row:not(.me)")].slice(before);
        // innerText: what is rendered, so the folded raw JSON under "JSON" never matches.
        return rows.some((row) => wanted.every((w) => row.innerText.includes(w)));
      },
      [before, wanted],
      { timeout: TIMEOUT },
    );
  } catch (error) {
    const got = (await botRows().allInnerTexts()).slice(before).join("\n---\n");
    throw new Error(`expected a reply with ${JSON.stringify(wanted)}; the replies were:\n${got || "(none)"}`, {
      cause: error,
    });
  }
}
const type = (text) => async () => {
  await page.fill("#text", text);
  await page.click("#send");
};
const quickButton = (label) => page.locator("#quick button").getByText(label, { exact: true });
const quick = (label) => () => quickButton(label).first().click();
/** Waits until the quick replies under the newest reply offer every label in `labels`. */
async function expectQuick(...labels) {
  for (const label of labels) await quickButton(label).first().waitFor();
}
/** A button (card button or listCard row) in the newest bot reply. */
const button = (label) => () =>
  lastBot().getByRole("button", { name: label }).first().click();
async function switchTo(label) {
  await page.locator("#users .user", { hasText: label }).locator("span").click();
  await page.locator("#users .user.active", { hasText: label }).waitFor();
}

async function join(user) {
  await expectReply(type("회원가입"), "닉네임");
  await expectReply(type(user.nickname), "휴대폰 번호");
  await expectReply(type(user.phone), "회원가입이 완료되었습니다", `${user.nickname}님`);
}

try {
  step("open the playground");
  await page.goto(`${BASE_URL}/playground`);
  // Both users get the guest welcome from HOME on load.
  await page.locator(".log.active .bubble", { hasText: "중계나라에 오신 것을 환영합니다" }).first().waitFor();
  await page.locator("#users .user.active", { hasText: "판매자" }).waitFor();
  // On a phone the block list is a drawer behind the 블록 button.
  await page.click("#toggle-blocks");
  await page.locator("#blocks-panel .block-btn", { hasText: "MEMBER_JOIN" }).waitFor({ state: "visible" });
  await page.click("#close-blocks");
  await page.locator("#blocks-panel").waitFor({ state: "hidden" });

  step("seller joins");
  await join(SELLER);
  await screenshot("seller-joined");

  step("seller registers a listing with a photo");
  await expectReply(quick("메인메뉴"), "원하시는 메뉴를 선택해주세요");
  await expectReply(quick("판매하기"), "판매할 상품의 카테고리");
  await expectReply(button("디지털기기"), "상품 사진을 올려주세요");
  await page.locator("#photo-label.on").waitFor();
  await expectReply(
    () => page.setInputFiles("#photo", { name: "chair.png", mimeType: "image/png", buffer: png() }),
    "상품명을 입력해주세요",
  );
  await page.locator(".log.active .row.me .photos img").last().waitFor();
  await expectReply(type(LISTING.name), "판매 가격");
  await expectReply(type(LISTING.price), "상품 설명");
  await expectReply(type("두 번 썼어요. 접이식, 팔걸이 있음."), "거래 희망 장소");
  await expectReply(type("서울 마포구 합정역"), "오픈채팅방 주소");
  await expectReply(type("https://open.kakao.com/o/sTestChat"), LISTING.name, "사진: 1장");
  await screenshot("seller-preview");
  await expectReply(quick("등록"), `'${LISTING.name}' 상품을 등록했습니다`);
  await screenshot("seller-registered");

  step("buyer joins and browses");
  await switchTo("구매자");
  await join(BUYER);
  await expectReply(quick("메인메뉴"), "원하시는 메뉴를 선택해주세요");
  await expectReply(quick("최신상품"), LISTING.name, LISTING.won);
  // The card's photo is the uploaded one, fetched back and served by the app.
  await page.waitForFunction(() => {
    const img = document.querySelector(".log.active .row:not(.me):last-of-type .card img");
    return img && img.complete && img.naturalWidth > 0;
  });
  await screenshot("buyer-browse");

  step("buyer opens the detail");
  await expectReply(button("상세보기"), LISTING.name, LISTING.won, "카카오페이 결제");
  await screenshot("buyer-detail");
  // The same moment on a desktop-sized window, where the block list is a sidebar (README image).
  await page.setViewportSize({ width: 1024, height: 720 });
  await page.locator("#blocks-panel").waitFor({ state: "visible" });
  await lastBot().scrollIntoViewIfNeeded();
  await page.mouse.move(700, 120); // off the sidebar, so no block shows its hover colour
  await screenshot("buyer-detail-desktop");
  await page.setViewportSize(PHONE);

  step("buyer offers a lower price and the seller accepts it");
  await expectReply(button("가격 제안"), "제안할 가격");
  await expectReply(type(OFFER.price), `${OFFER.won}을 제안했습니다`);
  await switchTo("판매자");
  await expectReply(type("받은 제안"), LISTING.name, OFFER.won, "수락");
  await screenshot("seller-offer-received");
  await expectReply(button("수락"), `${OFFER.won} 제안을 수락했습니다`);
  await switchTo("구매자");
  await expectReply(type("최신상품"), LISTING.name, "예약중");
  await expectReply(button("상세보기"), `제안가격: ${OFFER.won}`, "카카오페이 결제");
  await screenshot("buyer-detail-offer-accepted");

  step("buyer pays the agreed price on the dev gateway");
  const [pay] = await Promise.all([context.waitForEvent("page"), button("카카오페이 결제")()]);
  await pay.waitForLoadState();
  await pay.getByText("테스트 결제").first().waitFor();
  // The amount is the accepted offer's, read from the database, not the list price.
  await pay.getByText(`${OFFER.price}원 (테스트)`).first().waitFor();
  await screenshot("dev-pay-page", pay);
  await pay.getByRole("link", { name: "결제하기 (테스트)" }).click();
  await pay.getByText("결제가 완료되었습니다").first().waitFor();
  await screenshot("paid", pay);
  await pay.close();

  step("the seller is told of the payment by a push");
  await switchTo("판매자");
  // Pushed (notify.backend = "stand-in"): the playground shows the event block's reply in the
  // seller's chat without the seller asking for anything.
  await page.waitForFunction(
    (name) =>
      [...document.querySelectorAll(".log.active .row:not(.me)")].some(
        (row) => row.innerText.includes("결제 완료") && row.innerText.includes(name),
      ),
    LISTING.name,
    { timeout: TIMEOUT },
  );
  await page.locator(".log.active .system.push").first().waitFor();
  await screenshot("seller-pushed-paid");

  step("seller sees the paid order and enters a tracking number");
  await switchTo("판매자");
  await expectReply(type("판매거래"), `[결제완료] ${LISTING.name}`);
  await expectReply(button("상세보기"), LISTING.name, "주문상태: 결제완료", "운송장번호: 미등록");
  await expectQuick("운송장 입력");
  await screenshot("seller-sale-paid");
  await expectReply(quick("운송장 입력"), "운송장번호를 입력해주세요");
  await expectReply(type(TRACKING), `운송장번호 ${TRACKING}`);
  await expectReply(type("판매거래"), `[배송중] ${LISTING.name}`);
  await expectReply(button("상세보기"), "주문상태: 배송중", `운송장번호: ${TRACKING}`);
  await expectQuick("운송장 수정");
  await screenshot("seller-sale-shipped");

  step("buyer confirms the purchase");
  await switchTo("구매자");
  await expectReply(type("구매내역"), `[배송중] ${LISTING.name}`);
  await expectReply(button("상세보기"), "주문상태: 배송중", `운송장번호: ${TRACKING}`);
  await expectReply(quick("구매확정"), "구매를 확정하시겠어요?");
  await expectReply(quick("구매확정"), "구매확정이 완료되었습니다");
  await expectReply(type("구매내역"), `[구매확정] ${LISTING.name}`);
  await expectReply(button("상세보기"), "주문상태: 구매확정");
  await screenshot("buyer-confirmed");

  step("seller confirms the sale");
  await switchTo("판매자");
  await expectReply(type("판매거래"), `[구매확정] ${LISTING.name}`);
  await expectReply(button("상세보기"), "주문상태: 구매확정");
  await expectReply(quick("판매확정"), "판매를 확정하시겠어요?");
  await expectReply(quick("판매확정"), "거래가 완료되었습니다");
  await expectReply(type("판매거래"), `[거래완료] ${LISTING.name}`);
  await expectReply(button("상세보기"), "주문상태: 거래완료");
  await screenshot("seller-completed");

  step("both review each other from the sale_completed push");
  /** The newest bot row showing `text` (pushes may land after it, so never just the last row). */
  const rowWith = (text) => page.locator(".log.active .row:not(.me)", { hasText: text }).last();
  const reviewFromPush = async () => {
    const pushed = rowWith("거래가 완료됐어요");
    await pushed.waitFor({ timeout: TIMEOUT });
    await expectReply(
      () => pushed.getByRole("button", { name: "후기 쓰기" }).first().click(),
      "거래는 어떠셨나요?",
    );
    await expectReply(
      () => rowWith("거래는 어떠셨나요?").getByRole("button", { name: "최고예요" }).first().click(),
      "후기를 남겼습니다",
    );
  };
  await reviewFromPush();
  await switchTo("구매자");
  // The seller's review reaches the buyer as a push first.
  await rowWith("후기가 도착했어요").waitFor({ timeout: TIMEOUT });
  await reviewFromPush();
  await screenshot("buyer-reviewed");
  // One completed trade (+0.1°) and one great review (+0.5°) from 36.5°.
  await expectReply(quick("상대 프로필"), `${SELLER.nickname}님의 프로필`, "매너온도: 37.1°", "받은 후기: 1개");
  await screenshot("seller-profile");

  if (problems.length) throw new Error("the page reported errors:\n" + problems.join("\n"));
  console.log(`walk: passed in ${((Date.now() - t0) / 1000).toFixed(1)} s (${shot} screenshots in ${SHOTS})`);
} catch (error) {
  console.error(`walk: FAILED at "${current}": ${error.message}`);
  if (error.cause) console.error(String(error.cause.message || error.cause).split("\n")[0]);
  if (problems.length) console.error(problems.join("\n"));
  for (const p of context.pages()) {
    await screenshot("FAILED", p).catch(() => {});
  }
  process.exitCode = 1;
} finally {
  await browser.close();
}
