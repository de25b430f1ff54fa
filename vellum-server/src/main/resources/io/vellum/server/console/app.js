// The console's shell: login and logout, navigation between pages, the ledger chosen in the header.
import { createCredentials } from './sigv4.js';
import { Api } from './api.js';
import { LedgersPage, QueryPage, HistoryPage, VerifyPage, BlocksPage, HealthPage } from './pages.js';

const $ = id => document.getElementById(id);

/** What the pages share: the signed API (null when logged out) and the chosen ledger. */
const context = {
  api: null,
  get ledger() {
    return $('ledger-choice').value;
  },
  async refreshLedgers(select) {
    const { ledgers } = await context.api.listLedgers();
    const choice = $('ledger-choice');
    const previous = select || choice.value;
    choice.replaceChildren(...ledgers.map(ledger => new Option(ledger.name, ledger.name)));
    if (ledgers.some(ledger => ledger.name === previous)) {
      choice.value = previous;
    }
    return ledgers;
  },
  show(page) {
    window.location.hash = '#' + page;
  },
};

const pages = {
  ledgers: new LedgersPage(context),
  query: new QueryPage(context),
  history: new HistoryPage(context),
  verify: new VerifyPage(context),
  blocks: new BlocksPage(context),
  health: new HealthPage(context),
};

function currentPage() {
  const name = window.location.hash.substring(1);
  return name in pages ? name : 'ledgers';
}

function render() {
  const loggedIn = context.api !== null;
  $('nav').hidden = !loggedIn;
  $('session').hidden = !loggedIn;
  const name = loggedIn ? currentPage() : 'login';
  for (const section of document.querySelectorAll('section.page')) {
    section.hidden = section.id !== 'page-' + name;
  }
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.page === name) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  for (const [pageName, page] of Object.entries(pages)) {
    if (pageName !== name && page.hide) {
      page.hide();
    }
  }
  if (loggedIn) {
    pages[name].show();
  }
  const heading = document.querySelector('#page-' + name + ' h1');
  if (heading) {
    document.title = heading.textContent + ' · Vellum console';
  }
}

async function login(event) {
  event.preventDefault();
  $('login-error').textContent = '';
  if (!window.isSecureContext || !crypto.subtle) {
    $('login-error').textContent = 'This page is not a secure context, so the browser offers no Web Crypto to sign'
      + ' with. Serve Vellum with TLS (--tls-cert/--tls-key), or open it as http://127.0.0.1 or http://localhost.';
    return;
  }
  const keyId = $('access-key-id').value.trim();
  const secretField = $('secret-access-key');
  const credentials = await createCredentials(keyId, secretField.value);
  secretField.value = '';
  const api = new Api(credentials);
  try {
    context.api = api;
    await context.refreshLedgers();
  } catch (e) {
    context.api = null;
    $('login-error').textContent = 'Log in failed: ' + e.message;
    return;
  }
  $('who').textContent = keyId;
  render();
}

function logout() {
  for (const page of Object.values(pages)) {
    if (page.reset) {
      page.reset();
    }
  }
  context.api = null;
  $('who').textContent = '';
  $('ledger-choice').replaceChildren();
  $('access-key-id').value = '';
  $('secret-access-key').value = '';
  window.location.hash = '';
  render();
  $('access-key-id').focus();
}

$('login-form').addEventListener('submit', login);
$('logout').addEventListener('click', logout);
$('ledger-choice').addEventListener('change', () => render());
window.addEventListener('hashchange', render);
render();
