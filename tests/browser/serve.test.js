// serve.test.js - the page of `grantsearch serve` in headless Chromium
// (playwright-core driving /usr/bin/chromium): load, search, apply a facet
// and go back, open a record, "похожие проекты", paste a draft and get
// precedents, the form without JavaScript, the hostile record shown as
// text, a phone-sized screen, the keyboard; with STEPS=vectors the
// «по смыслу» box instead (step 10).  A screenshot of each step goes
// to $SHOTS.  Run by tests/cli_serve_browser.sh, which starts the server
// and sets BASE; exit 0 when every check passed.
'use strict';
const { chromium } = require('playwright-core');
const path = require('path');
const { execFileSync } = require('child_process');

const BASE = process.env.BASE;
const SHOTS = process.env.SHOTS || '.';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
let failures = 0;

function check(ok, what) {
  if (ok) {
    console.log('ok - ' + what);
  } else {
    failures++;
    console.log('not ok - ' + what);
  }
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

// A page that fails the test on a script error, a console error (a CSP
// violation is one) or any dialog (an alert() of the hostile record).
async function watchedPage(context, label) {
  const page = await context.newPage();
  page.on('pageerror', (e) => check(false, label + ': no script error (' + e.message + ')'));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon/.test(m.text()))
      check(false, label + ': no console error (' + m.text() + ')');
  });
  page.on('dialog', async (d) => {
    check(false, label + ': no dialog (' + d.message() + ')');
    await d.dismiss();
  });
  return page;
}

// 10. «по смыслу» (STEPS=vectors; tests/cli_serve_browser.sh's second
// server, on tests/vectors_lib.sh's index built with --vectors): a draft of
// one word that no application holds («беспилотник») finds nothing by its
// words; with the box ticked its vector finds the applications on drones,
// and the box stays ticked.  After a `delete` under the server the vectors
// are stale: the page says "vectors not used" (the index's path written
// DB) and answers by BM25 alone, as the README says.
async function vectorSteps(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
  const page = await watchedPage(context, 'vectors');
  const ask = async (tick) => {
    await page.goto(BASE + '/precedents');
    await page.fill('#draft', 'беспилотник');
    if (tick)
      await page.check('input[name=vectors]');
    check(await page.isChecked('input[name=vectors]') === tick,
          'the «по смыслу» box is ' + (tick ? 'ticked' : 'not ticked') + ' before sending');
    await Promise.all([page.waitForNavigation(), page.click('form.draft button')]);
  };
  await ask(false);
  check((await page.textContent('#count')).includes('Похожих заявок не найдено'),
        'without «по смыслу» a word no application holds finds nothing');
  await shot(page, '10-vectors-off.png');

  await ask(true);
  const titles = await page.$$eval('li.hit h2 a', (as) => as.map((a) => a.textContent));
  check(/Похожих заявок: [1-9]/.test(await page.textContent('#count')) && titles.length > 0,
        'with «по смыслу» its vector finds precedents (' + titles.length + ')');
  check(titles.some((t) => /беспилот|дрон|бпла|квадрокоптер/i.test(t)),
        'among them an application on drones: ' + titles.slice(0, 3).join(' | '));
  check(await page.isChecked('input[name=vectors]'), 'the box stays ticked on the answer');
  check((await page.$$('p.note')).length === 0, 'no note: the vectors were used');
  await shot(page, '10-vectors-on.png');

  // A delete under the server makes the vectors stale.
  const gone = (await page.getAttribute('li.hit h2 a', 'href')).replace(/^.*id=/, '');
  execFileSync(process.env.GS, ['delete', '-d', process.env.VDB, decodeURIComponent(gone)],
               { stdio: 'ignore' });
  await ask(true);
  const notes = await page.$$eval('p.note', (ps) => ps.map((p) => p.textContent));
  check(notes.some((n) => /^vectors not used: DB\/vectors: .*out of date/.test(n)),
        'stale vectors: the page says so (' + notes.join(' | ') + ')');
  check(!notes.join(' ').includes(process.env.VDB), 'the note does not show the index\'s path');
  check((await page.textContent('#count')).includes('Похожих заявок не найдено'),
        'and answers by BM25 alone');
  await shot(page, '10-vectors-stale.png');
  await context.close();
}

async function main() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    if (process.env.STEPS === 'vectors')
      return await vectorSteps(browser);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
    const page = await watchedPage(context, 'js');

    // 1. Load.
    await page.goto(BASE + '/');
    check((await page.title()).includes('Поиск по заявкам'), 'the start page loads');
    await shot(page, '01-start.png');

    // 2. Search, typed and sent with Enter.
    await page.fill('#q', 'социальная адаптация');
    await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
    const count = await page.textContent('#count');
    check(/Найдено \d+/.test(count), 'search shows a count: ' + count);
    check(page.url().includes('q=') && page.url().includes('%D1%81%D0%BE%D1%86'),
          'the query is in the URL (shareable)');
    const hits = await page.$$('li.hit');
    check(hits.length === 10, 'ten hits on the first page (' + hits.length + ')');
    check((await page.$$('p.snip b')).length > 0, 'snippets are highlighted');
    await shot(page, '02-results.png');

    // 3. A facet narrows; Back returns.
    const yearLink = page.locator('aside.facets section:has(h3:text("Год")) a').first();
    const year = (await yearLink.textContent()).trim();
    await Promise.all([page.waitForNavigation(), yearLink.click()]);
    check(page.url().includes('year=' + year), 'the year facet is in the URL');
    const metas = await page.$$eval('li.hit p.meta', (ps) => ps.map((p) => p.textContent));
    check(metas.length > 0 && metas.every((m) => m.includes(' ' + year)),
          'every hit is of ' + year + ' after the facet');
    check((await page.textContent('p.active')).includes('Год: ' + year), 'the filter is shown');
    await shot(page, '03-facet.png');
    await page.goBack();
    check(!page.url().includes('year='), 'Back returns to the unfiltered results');
    check((await page.textContent('#count')) === count, 'with the same count');

    // 4. Open a record.
    const firstTitle = (await page.textContent('li.hit h2 a')).trim();
    await Promise.all([page.waitForNavigation(), page.click('li.hit h2 a')]);
    check((await page.textContent('article.record h1')).trim() === firstTitle,
          'the record view shows the hit');
    check((await page.$$('dl.fields dt')).length >= 5, 'the record view lists its fields');
    await shot(page, '04-record.png');

    // 5. "Похожие проекты".
    await Promise.all([page.waitForNavigation(), page.click('text=Похожие проекты')]);
    check((await page.$$('li.hit')).length > 0, 'похожие проекты are listed');
    check((await page.$$('p.shared b')).length > 0, 'with the words they share');
    await shot(page, '05-similar.png');

    // 6. Paste a draft, winners first: precedents.
    await Promise.all([page.waitForNavigation(), page.click('nav >> text=Найти прецеденты')]);
    await page.fill('#draft', 'Проект направлен на социальную адаптацию детей с ограниченными ' +
                    'возможностями здоровья через адаптивный спорт, инклюзивные мастерские ' +
                    'и поддержку родителей.');
    await page.check('input[name=winners]');
    await Promise.all([page.waitForNavigation(), page.click('form.draft button')]);
    // One flag per hit: is it a winner (the dev collection has few).
    const wins = await page.$$eval('li.hit', (l) => l.map((e) => !!e.querySelector('.st.win')));
    check(wins.length > 0, 'precedents are listed (' + wins.length + ')');
    const firstOther = wins.indexOf(false);
    check(firstOther < 0 || wins.slice(firstOther).every((w) => !w), 'winners come first');
    check((await page.inputValue('#draft')).startsWith('Проект направлен'), 'the draft is kept');
    await shot(page, '06-precedents.png');

    // 7. The keyboard: "/" jumps to the search box.
    await page.goto(BASE + '/record?id=99-9-999999');
    await page.keyboard.press('/');
    check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'q'),
          '"/" focuses the search box');

    // 8. The hostile record: text, not markup; no alert fired (watched).
    await page.goto(BASE + '/?q=' + encodeURIComponent('злоумышленник'));
    const title = await page.textContent('li.hit h2 a');
    check(title.includes('<script>alert(1)</script>') && title.includes('"><img src=x onerror=alert(2)>'),
          'the hostile title shows as text');
    check((await page.$$('img')).length === 0 && (await page.$$('main script')).length === 0,
          'the hostile title made no element');
    await shot(page, '08-hostile.png');
    await Promise.all([page.waitForNavigation(), page.click('li.hit h2 a')]);
    check((await page.$$('img, svg')).length === 0, 'the hostile record view made no element');
    await shot(page, '08-hostile-record.png');

    // 9. A phone: nothing wider than the screen.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 },
                                             deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const pp = await watchedPage(phone, 'phone');
    await pp.goto(BASE + '/?q=' + encodeURIComponent('социальная адаптация'));
    const wide = await pp.evaluate(() => document.documentElement.scrollWidth);
    check(wide <= 391, 'the results fit a phone screen (' + wide + ' px)');
    await shot(pp, '09-phone.png');
    await phone.close();

    // 7b. Without JavaScript: the plain form and the server-rendered list.
    const nojs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 800 } });
    const np = await watchedPage(nojs, 'nojs');
    await np.goto(BASE + '/');
    await np.fill('input[name=q]', 'волонтеры');
    await Promise.all([np.waitForNavigation(), np.click('form.search button')]);
    check((await np.$$('li.hit')).length > 0, 'the no-JS form searches');
    await shot(np, '07-nojs.png');
    await nojs.close();
  } finally {
    await browser.close();
  }
}

async function run() {
  await main();
  console.log(failures ? failures + ' check(s) failed' : 'all checks passed');
  process.exit(failures ? 1 : 0);
}

run().catch((e) => {
  console.log('not ok - ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
