// The console's pages. Each renders into its section of index.html; text always goes in through textContent, never
// as HTML, so nothing a ledger holds can become markup or script.
import { JsonNumber } from './api.js';
import { differences, ionText } from './diff.js';
import { readDigest, readRevision, verify, InputError } from './verifier.js';
import { readBlock, verifyBlock } from './block-verifier.js';
import { toBase64 } from './ion-text.js';
import { Transaction } from './transaction.js';
import { highlight } from './highlight.js';
import { displayValue } from './ion-binary.js';

const $ = id => document.getElementById(id);

/** An element with text and attributes; children appended. */
function element(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(options)) {
    if (name === 'text') {
      node.textContent = value;
    } else if (name === 'className') {
      node.className = value;
    } else {
      node.setAttribute(name, value);
    }
  }
  node.append(...children);
  return node;
}

function cellText(value) {
  if (value === undefined) {
    return '';
  }
  return typeof value === 'string' ? value : ionText(value);
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof JsonNumber);
}

export class LedgersPage {
  constructor(context) {
    this.context = context;
    $('create-form').addEventListener('submit', event => this.create(event));
  }

  async show() {
    $('ledgers-error').textContent = '';
    try {
      const ledgers = await this.context.refreshLedgers();
      const rows = ledgers.map(ledger => {
        const open = element('button', { type: 'button', className: 'link', text: ledger.name });
        open.addEventListener('click', () => this.choose(ledger.name));
        return element('tr', { 'data-ledger': ledger.name }, element('td', {}, open),
          element('td', { text: ledger.state }), element('td', { text: ledger.creationDateTime }),
          element('td', { text: ledger.deletionProtection ? 'on' : 'off' }),
          element('td', { text: ledger.permissionsMode }));
      });
      $('ledgers-table').tBodies[0].replaceChildren(...rows);
    } catch (e) {
      $('ledgers-error').textContent = e.message;
    }
  }

  /**
   * Shows the ledger a user picked. The previous description goes at once, so that nothing on the panel (its buttons
   * above all) belongs to a ledger state older than the answer being fetched.
   */
  choose(name) {
    const panel = $('ledger-description');
    panel.replaceChildren(element('p', { text: 'Loading ledger ' + name + '…' }));
    panel.hidden = false;
    return this.describe(name);
  }

  async describe(name) {
    $('ledgers-error').textContent = '';
    const panel = $('ledger-description');
    try {
      const [ledger, digest] = await Promise.all([this.context.api.describeLedger(name),
        this.context.api.digest(name)]);
      const list = element('dl');
      const add = (term, text) => list.append(element('dt', { text: term }), element('dd', { text }));
      add('Name', ledger.name);
      add('ARN', ledger.arn);
      add('State', ledger.state);
      add('Created', ledger.creationDateTime);
      add('Permissions mode', ledger.permissionsMode);
      const protection = element('button', { type: 'button', id: 'toggle-deletion-protection',
        text: 'Turn deletion protection ' + (ledger.deletionProtection ? 'off' : 'on') });
      protection.addEventListener('click', () => this.change(name,
        api => api.updateDeletionProtection(name, !ledger.deletionProtection),
        'Deletion protection of ' + name + ' turned ' + (ledger.deletionProtection ? 'off' : 'on') + '.'));
      list.append(element('dt', { text: 'Deletion protection' }), element('dd', { className: 'row' },
        element('span', { id: 'deletion-protection-value', text: ledger.deletionProtection ? 'on' : 'off' }),
        protection));
      const tags = Object.entries(ledger.tags || {});
      const tagList = element('ul', { id: 'ledger-tags', className: 'tags' });
      for (const [key, value] of tags) {
        const remove = element('button', { type: 'button', className: 'link', text: 'Remove',
          'aria-label': 'Remove tag ' + key, 'data-tag-key': key });
        remove.addEventListener('click', () => this.change(name, api => api.untagResource(ledger.arn, [key]),
          'Removed tag ' + key + ' from ' + name + '.'));
        tagList.append(element('li', {}, element('span', { text: key + '=' + value + ' ' }), remove));
      }
      list.append(element('dt', { text: 'Tags' }),
        element('dd', {}, tags.length === 0 ? element('span', { text: '(none)' }) : tagList));
      add('Last block', String(digest.tipAddress.sequenceNo));
      add('Digest', digest.digest);
      const tagForm = element('form', { id: 'tag-form', className: 'row' },
        element('label', { for: 'new-tag-key', text: 'Tag key' }),
        element('input', { id: 'new-tag-key', required: '', maxlength: '128', spellcheck: 'false' }),
        element('label', { for: 'new-tag-value', text: 'Value' }),
        element('input', { id: 'new-tag-value', maxlength: '256', spellcheck: 'false' }),
        element('button', { id: 'add-tag', type: 'submit', text: 'Add tag' }));
      tagForm.addEventListener('submit', event => {
        event.preventDefault();
        const key = $('new-tag-key').value.trim();
        const value = $('new-tag-value').value;
        this.change(name, api => api.tagResource(ledger.arn, { [key]: value }),
          'Tagged ' + name + ' with ' + key + '=' + value + '.');
      });
      panel.replaceChildren(element('h2', { text: 'Ledger ' + ledger.name }), list,
        element('h3', { text: 'Add or overwrite a tag' }), tagForm);
      panel.hidden = false;
      $('ledger-choice').value = name;
    } catch (e) {
      $('ledgers-error').textContent = e.message;
    }
  }

  /**
   * Runs one control-plane change (UpdateLedger, TagResource, UntagResource), then shows the ledger as the server
   * now describes it: what the page shows is re-read, never assumed from the request.
   */
  async change(name, request, done) {
    $('ledgers-error').textContent = '';
    $('ledgers-message').textContent = '';
    // The panel is drawn anew: keyboard focus goes back to the control used (or to the tag form after a removal).
    const focused = document.activeElement && document.activeElement.id ? document.activeElement.id : 'new-tag-key';
    try {
      await request(this.context.api);
    } catch (e) {
      $('ledgers-error').textContent = 'Cannot change ledger ' + name + ': ' + e.message;
      return;
    }
    await this.describe(name);
    await this.show();
    $('ledgers-message').textContent = done;
    if ($(focused)) {
      $(focused).focus();
    }
  }

  async create(event) {
    event.preventDefault();
    $('ledgers-error').textContent = '';
    $('ledgers-message').textContent = '';
    const name = $('new-ledger-name').value.trim();
    try {
      const ledger = await this.context.api.createLedger(name, $('new-ledger-protection').checked);
      $('ledgers-message').textContent = 'Created ledger ' + ledger.name + '.';
      $('new-ledger-name').value = '';
      await this.context.refreshLedgers(ledger.name);
      await this.show();
      await this.describe(ledger.name);
    } catch (e) {
      $('ledgers-error').textContent = 'Cannot create ledger ' + name + ': ' + e.message;
    }
  }

  reset() {
    $('ledgers-table').tBodies[0].replaceChildren();
    $('ledger-description').replaceChildren();
    $('ledger-description').hidden = true;
    $('ledgers-message').textContent = '';
  }
}

const PAGE_SIZE = 50;

export class QueryPage {
  constructor(context) {
    this.context = context;
    this.values = [];
    this.page = 0;
    this.history = [];
    $('query-form').addEventListener('submit', event => {
      event.preventDefault();
      this.run();
    });
    $('statement').addEventListener('keydown', event => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.run();
      }
    });
    for (const radio of document.querySelectorAll('input[name=view]')) {
      radio.addEventListener('change', () => this.renderResults());
    }
    $('previous-page').addEventListener('click', () => this.turn(-1));
    $('next-page').addEventListener('click', () => this.turn(1));
    this.redraw = highlight($('statement'), $('statement-highlight'));
    this.transaction = null;
    $('tx-start').addEventListener('click', () => this.startTransaction());
    $('tx-commit').addEventListener('click', () => this.endTransaction(true));
    $('tx-abort').addEventListener('click', () => this.endTransaction(false));
  }

  /** Shows whether a transaction is open; Run then runs in it. */
  renderTransaction(message) {
    const open = this.transaction !== null;
    $('tx-start').disabled = open;
    $('tx-commit').disabled = !open;
    $('tx-abort').disabled = !open;
    $('tx-status').textContent = message !== undefined ? message : open ? 'Transaction ' + this.transaction.id
      + ' is open (' + this.transaction.statements + ' statement(s)); Run adds to it. Commit or abort within the'
      + ' ledger\'s transaction timeout (30 s).' : '';
  }

  async startTransaction() {
    $('query-error').textContent = '';
    const ledger = this.context.ledger;
    if (!ledger) {
      $('query-error').textContent = 'Choose a ledger first (create one on the Ledgers page).';
      return;
    }
    $('tx-start').disabled = true;
    try {
      this.transaction = await Transaction.start(this.context.api, ledger);
      this.renderTransaction();
    } catch (e) {
      this.renderTransaction();
      $('query-error').textContent = 'Cannot start a transaction: ' + e.message;
    }
    $('statement').focus();
  }

  async endTransaction(commit) {
    const transaction = this.transaction;
    if (transaction === null) {
      return;
    }
    this.transaction = null;
    $('query-error').textContent = '';
    $('tx-commit').disabled = true;
    $('tx-abort').disabled = true;
    try {
      if (commit) {
        await transaction.commit();
        this.renderTransaction('Committed transaction ' + transaction.id + ' (' + transaction.statements
          + ' statement(s)); the commit digest folded in this browser matched the server\'s.');
      } else {
        await transaction.abort();
        this.renderTransaction('Aborted transaction ' + transaction.id + ': nothing of it was written.');
      }
    } catch (e) {
      this.renderTransaction('');
      $('query-error').textContent = (commit ? 'Commit failed: ' : 'Abort failed: ') + e.message;
    }
  }

  async runInTransaction(statement, parametersText) {
    const transaction = this.transaction;
    try {
      const { values, more } = await transaction.run(statement, parametersText);
      this.values = values.map(displayValue);
      this.page = 0;
      $('query-status').textContent = values.length + ' value(s)' + (more ? ' (the first page; more stay on the'
        + ' server)' : '') + '; statement ' + transaction.statements + ' of open transaction ' + transaction.id;
      this.renderTransaction();
      this.renderResults();
    } catch (e) {
      if (transaction.closed) {
        this.transaction = null;
        this.renderTransaction('Transaction ' + transaction.id + ' was aborted: nothing of it was written.');
      }
      $('query-error').textContent = e.message;
      this.values = [];
      this.renderResults();
      markPosition($('statement'), e.message);
    }
  }

  show() {
    $('statement').focus();
  }

  async run() {
    $('query-error').textContent = '';
    $('query-status').textContent = '';
    const ledger = this.context.ledger;
    const statement = $('statement').value;
    this.redraw(); // the value may have been set without an input event (history, a script)
    const parametersText = $('parameters').value.trim();
    let parameters = [];
    if (parametersText !== '') {
      try {
        parameters = JSON.parse(parametersText);
      } catch (e) {
        $('query-error').textContent = 'Parameters must be a JSON array: ' + e.message;
        return;
      }
      if (!Array.isArray(parameters)) {
        $('query-error').textContent = 'Parameters must be a JSON array, one value per ?';
        return;
      }
    }
    if (!ledger) {
      $('query-error').textContent = 'Choose a ledger first (create one on the Ledgers page).';
      return;
    }
    $('run').disabled = true;
    this.remember(statement, parametersText);
    if (this.transaction !== null) {
      await this.runInTransaction(statement, parametersText);
      $('run').disabled = false;
      return;
    }
    try {
      // The parameters go as the text the user typed (numbers keep their digits: 100.50 stays a decimal 100.50).
      const result = await this.context.api.call('POST', '/v1/ledgers/' + encodeURIComponent(ledger) + '/statements',
        parametersText === '' ? { statement } : undefined, parametersText === '' ? undefined
          : '{"statement":' + JSON.stringify(statement) + ',"parameters":' + parametersText + '}');
      this.values = result.values;
      this.page = 0;
      $('query-status').textContent = result.values.length + ' value(s); transaction ' + result.transactionId
        + (result.blockAddress ? '; committed in block ' + result.blockAddress.sequenceNo : '; read only, no block');
      this.renderResults();
    } catch (e) {
      $('query-error').textContent = e.message;
      this.values = [];
      this.renderResults();
      markPosition($('statement'), e.message);
    } finally {
      $('run').disabled = false;
    }
  }

  remember(statement, parameters) {
    this.history = [{ statement, parameters }, ...this.history.filter(item => item.statement !== statement
      || item.parameters !== parameters)].slice(0, 20);
    $('statement-history').replaceChildren(...this.history.map(item => {
      const button = element('button', { type: 'button', className: 'link',
        text: item.statement + (item.parameters ? '   with ' + item.parameters : '') });
      button.addEventListener('click', () => {
        $('statement').value = item.statement;
        this.redraw();
        $('parameters').value = item.parameters;
        $('statement').focus();
      });
      return element('li', {}, button);
    }));
  }

  turn(delta) {
    this.page += delta;
    this.renderResults();
  }

  renderResults() {
    const pages = Math.max(1, Math.ceil(this.values.length / PAGE_SIZE));
    this.page = Math.min(Math.max(this.page, 0), pages - 1);
    const shown = this.values.slice(this.page * PAGE_SIZE, (this.page + 1) * PAGE_SIZE);
    $('pager').hidden = this.values.length <= PAGE_SIZE;
    $('page-number').textContent = 'page ' + (this.page + 1) + ' of ' + pages;
    $('previous-page').disabled = this.page === 0;
    $('next-page').disabled = this.page === pages - 1;
    const view = document.querySelector('input[name=view]:checked').value;
    if (view === 'ion') {
      $('results').replaceChildren(element('pre', { className: 'ion', id: 'results-ion',
        text: shown.map(value => ionText(value, '  ')).join('\n') }));
      return;
    }
    const columns = shown.every(isPlainObject) && shown.length > 0
      ? [...new Set(shown.flatMap(value => Object.keys(value)))] : null;
    const head = element('tr', {}, ...(columns || ['value']).map(name => element('th', { scope: 'col', text: name })));
    const rows = shown.map(value => element('tr', {}, ...(columns
      ? columns.map(name => element('td', { text: cellText(value[name]) }))
      : [element('td', { text: cellText(value) })])));
    $('results').replaceChildren(element('table', { className: 'grid', id: 'results-table' },
      element('thead', {}, head), element('tbody', {}, ...rows)));
  }

  reset() {
    if (this.transaction !== null) {
      this.transaction.abort().catch(() => {});
      this.transaction = null;
    }
    this.renderTransaction('');
    this.values = [];
    this.history = [];
    $('results').replaceChildren();
    $('statement-history').replaceChildren();
    $('query-status').textContent = '';
    $('query-error').textContent = '';
  }
}

/**
 * Puts the cursor (and selects the character) at the "line L, column C" an error message names, so the user sees
 * where the server stopped reading the statement.
 */
function markPosition(textarea, message) {
  const match = /line (\d+), column (\d+)/.exec(message);
  if (!match) {
    return;
  }
  const lines = textarea.value.split('\n');
  const line = Math.min(Number(match[1]), lines.length) - 1;
  let offset = lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0);
  offset += Math.min(Number(match[2]) - 1, lines[line].length);
  textarea.focus();
  textarea.setSelectionRange(offset, Math.min(offset + 1, textarea.value.length));
}

export class HistoryPage {
  constructor(context) {
    this.context = context;
    $('history-form').addEventListener('submit', event => {
      event.preventDefault();
      this.load();
    });
  }

  show() {
  }

  async load() {
    $('history-error').textContent = '';
    const table = $('history-table').value.trim();
    const documentId = $('history-document').value.trim();
    try {
      const { revisions } = await this.context.api.history(this.context.ledger, table, documentId);
      const items = revisions.map((revision, i) => this.revisionItem(revision, i === 0 ? null : revisions[i - 1]));
      $('revisions').replaceChildren(...items.reverse());
    } catch (e) {
      $('revisions').replaceChildren();
      $('history-error').textContent = e.message;
    }
  }

  revisionItem(revision, previous) {
    const metadata = revision.metadata || {};
    const sequenceNo = revision.blockAddress ? String(revision.blockAddress.sequenceNo) : '';
    const title = element('div', {}, element('strong', { text: 'version ' + metadata.version }),
      element('span', { className: 'muted', text: '  block ' + sequenceNo + ' · ' + metadata.txTime
        + ' · transaction ' + metadata.txId }));
    if (revision.dataHash !== undefined) {
      title.append(element('span', { className: 'tag redacted', text: 'redacted' }));
    } else if (revision.data === undefined) {
      title.append(element('span', { className: 'tag deleted', text: 'deleted' }));
    }
    const verifyButton = element('button', { type: 'button', className: 'link', text: 'Verify this revision' });
    verifyButton.addEventListener('click', () => {
      $('verify-document').value = metadata.id;
      $('verify-block').value = sequenceNo;
      this.context.show('verify');
    });
    const item = element('li', { 'data-version': String(metadata.version) }, title,
      element('div', { className: 'muted hash', text: 'hash ' + revision.hash }));
    if (previous === null) {
      item.append(element('pre', { className: 'ion', text: ionText(revision.data, '  ') }));
    } else {
      const changes = differences(previous.data === undefined ? {} : previous.data,
        revision.data === undefined ? {} : revision.data);
      const list = element('ul', { className: 'changes' });
      for (const change of changes) {
        const line = element('li', { className: change.kind }, change.path + ': ');
        if (change.kind !== 'added') {
          line.append(element('del', { text: ionText(change.before) }));
        }
        if (change.kind === 'changed') {
          line.append(' → ');
        }
        if (change.kind !== 'removed') {
          line.append(element('ins', { text: ionText(change.after) }));
        }
        list.append(line);
      }
      if (changes.length === 0) {
        list.append(element('li', { text: 'no change to the data' }));
      }
      item.append(list);
    }
    item.append(verifyButton);
    return item;
  }

  reset() {
    $('revisions').replaceChildren();
  }
}

/**
 * Draws a verification's steps into picture (an ol.proof): each hash with its state, the first failing one red and
 * focused, the ones computed from it marked after-failure.
 */
function drawProof(picture, outcome) {
  const items = outcome.steps.map((step, i) => {
    const after = outcome.firstFailure >= 0 && i > outcome.firstFailure;
    const state = after ? 'after-failure' : step.ok === true ? 'ok' : step.ok === false ? 'fail' : 'computed';
    // After the first failure nothing is ticked: a match there rests on a value that did not hold.
    const mark = after ? '' : step.ok === true ? ' ✓' : step.ok === false ? ' ✗' : '';
    const item = element('li', { className: state, 'data-state': state },
      element('div', { className: 'label', text: step.label + mark }),
      element('div', { className: 'hash', text: step.hash.length === 0 ? '(empty)' : toBase64(step.hash) }),
      element('div', { className: 'muted', text: step.detail }));
    if (step.ok === false && step.expected) {
      item.append(element('div', { className: 'error', text: 'expected ' + toBase64(step.expected) + ', computed '
        + toBase64(step.hash) }));
    }
    return item;
  });
  picture.replaceChildren(...items);
  if (outcome.firstFailure >= 0) {
    // The first hash that failed is where to look: bring it into view and give it the keyboard focus.
    const failed = items[outcome.firstFailure];
    failed.tabIndex = -1;
    failed.scrollIntoView({ block: 'center' });
    failed.focus({ preventScroll: true });
  }
}

/** The sentence for a verification that failed at its first failing step. */
function failureText(outcome) {
  const failed = outcome.steps[outcome.firstFailure];
  return 'NOT VERIFIED: the ' + failed.label + (failed.expected
    ? ' does not match: expected ' + toBase64(failed.expected) + ', computed ' + toBase64(failed.hash) + '.'
    : ' is not in the block\'s entriesHashList: computed ' + toBase64(failed.hash) + '.');
}

export class VerifyPage {
  constructor(context) {
    this.context = context;
    this.downloadUrl = null;
    $('take-digest').addEventListener('click', () => this.takeDigest());
    $('fetch-revision-form').addEventListener('submit', event => {
      event.preventDefault();
      this.fetchRevision();
    });
    $('verify').addEventListener('click', () => this.verify());
  }

  show() {
  }

  async takeDigest() {
    $('verify-error').textContent = '';
    try {
      const digest = await this.context.api.digest(this.context.ledger);
      const text = JSON.stringify({ ledger: digest.ledger, digest: digest.digest, tipAddress: digest.tipAddress,
        qldb: digest.qldb }, null, 2);
      $('digest-input').value = text;
      if (this.downloadUrl) {
        URL.revokeObjectURL(this.downloadUrl);
      }
      this.downloadUrl = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const link = $('download-digest');
      link.href = this.downloadUrl;
      link.download = digest.ledger + '-digest-' + digest.tipAddress.sequenceNo + '.json';
      link.hidden = false;
    } catch (e) {
      $('verify-error').textContent = e.message;
    }
  }

  async fetchRevision() {
    $('verify-error').textContent = '';
    let tip = '';
    if ($('digest-input').value.trim() !== '') {
      try {
        const digest = readDigest($('digest-input').value);
        tip = digest.tipSequenceNo === null ? '' : digest.tipSequenceNo;
      } catch (e) {
        $('verify-error').textContent = e.message;
        return;
      }
    }
    try {
      const answer = await this.context.api.revision(this.context.ledger, $('verify-document').value.trim(),
        $('verify-block').value.trim(), tip);
      $('revision-input').value = JSON.stringify(answer.qldb.GetRevision, null, 2);
    } catch (e) {
      $('verify-error').textContent = e.message;
    }
  }

  async verify() {
    $('verify-error').textContent = '';
    const result = $('verify-result');
    result.textContent = '';
    result.className = '';
    $('proof-picture').replaceChildren();
    let outcome;
    try {
      outcome = await verify(readRevision($('revision-input').value), readDigest($('digest-input').value));
    } catch (e) {
      $('verify-error').textContent = e instanceof InputError ? e.message : 'Cannot verify: ' + e.message;
      return;
    }
    drawProof($('proof-picture'), outcome);
    if (outcome.verified) {
      result.textContent = 'Verified in this browser: the revision folds, through ' + (outcome.steps.length - 4)
        + ' proof hash(es), to the digest you trust.';
      result.className = 'verified';
    } else {
      result.textContent = failureText(outcome);
      result.className = 'failed';
    }
  }

  reset() {
    $('digest-input').value = '';
    $('revision-input').value = '';
    $('proof-picture').replaceChildren();
    $('verify-result').textContent = '';
    if (this.downloadUrl) {
      URL.revokeObjectURL(this.downloadUrl);
      this.downloadUrl = null;
    }
    $('download-digest').hidden = true;
  }
}

export class BlocksPage {
  constructor(context) {
    this.context = context;
    this.controller = null;
    $('tail-start').addEventListener('click', () => this.start());
    $('tail-stop').addEventListener('click', () => this.stop());
    $('block-form').addEventListener('submit', event => {
      event.preventDefault();
      this.explore($('block-number').value.trim());
    });
    $('previous-block').addEventListener('click', () => this.explore(String(Number($('block-number').value) - 1)));
    $('block-take-digest').addEventListener('click', () => this.takeDigest());
    $('verify-block-button').addEventListener('click', () => this.verify());
  }

  async takeDigest() {
    $('block-error').textContent = '';
    try {
      const digest = await this.context.api.digest(this.context.ledger);
      $('block-digest-input').value = JSON.stringify({ ledger: digest.ledger, digest: digest.digest,
        tipAddress: digest.tipAddress, qldb: digest.qldb }, null, 2);
    } catch (e) {
      $('block-error').textContent = e.message;
    }
  }

  /**
   * Shows block sequenceNo: its transaction, statements, revisions and hashes, and whether the block before it
   * hashes to its previousBlockHash; puts its GetBlock JSON (proven to the trusted digest's tip, when one is given
   * and not before the block) in the box the verifier reads.
   */
  async explore(sequenceNo) {
    $('block-error').textContent = '';
    $('block-number').value = sequenceNo;
    $('block-proof-picture').replaceChildren();
    $('block-verify-result').textContent = '';
    const ledger = this.context.ledger;
    let tip = '';
    if ($('block-digest-input').value.trim() !== '') {
      try {
        const digest = readDigest($('block-digest-input').value);
        tip = digest.tipSequenceNo !== null && digest.tipSequenceNo >= Number(sequenceNo) ? digest.tipSequenceNo : '';
      } catch (e) {
        $('block-error').textContent = e.message;
        return;
      }
    }
    try {
      const answer = await this.context.api.block(ledger, sequenceNo, tip);
      const previous = Number(sequenceNo) > 0
        ? await this.context.api.block(ledger, String(Number(sequenceNo) - 1)) : null;
      $('block-input').value = JSON.stringify(answer.qldb.GetBlock, null, 2);
      this.describe(answer.block, previous ? previous.block : null);
      $('previous-block').disabled = Number(sequenceNo) === 0;
    } catch (e) {
      $('block-details').hidden = true;
      $('block-error').textContent = e.message;
    }
  }

  describe(block, previous) {
    const list = element('dl');
    const add = (term, text, id) => list.append(element('dt', { text: term }),
      element('dd', id ? { text, id } : { text }));
    add('Block', String(block.blockAddress.sequenceNo) + ' (strand ' + block.blockAddress.strandId + ')');
    add('Transaction', block.transactionId);
    add('Time', block.blockTimestamp);
    add('Block hash', block.blockHash);
    add('Entries hash', block.entriesHash);
    add('Entries', (block.entriesHashList || []).join('\n'));
    add('Previous block hash', block.previousBlockHash || '(none: the first block)');
    add('Chain', previous === null ? 'block 0 starts the chain'
      : previous.blockHash === block.previousBlockHash
        ? 'block ' + previous.blockAddress.sequenceNo + ' states the hash ' + previous.blockHash + ' = this block\'s'
          + ' previous block hash ✓ (the server says so; verify each block to check it)'
        : 'block ' + previous.blockAddress.sequenceNo + ' states the hash ' + previous.blockHash
          + ', NOT this block\'s previous block hash ✗', 'block-chain');
    const info = block.transactionInfo || {};
    const statements = element('table', { className: 'grid', id: 'block-statements' },
      element('thead', {}, element('tr', {}, ...['Statement', 'Started', 'Statement digest'].map(name =>
        element('th', { scope: 'col', text: name })))),
      element('tbody', {}, ...(info.statements || []).map(statement => element('tr', {},
        element('td', { text: statement.statement }), element('td', { text: statement.startTime }),
        element('td', { text: statement.statementDigest })))));
    const documents = info.documents || {};
    const revisions = element('ol', { id: 'block-revisions', className: 'timeline' },
      ...(block.revisions || []).map(revision => {
        const metadata = revision.metadata;
        if (!metadata) {
          return element('li', {}, element('div', { className: 'muted', text: 'summary (catalog or redacted): hash '
            + revision.hash }));
        }
        const table = (documents[metadata.id] || {}).tableName || '';
        return element('li', {}, element('strong', { text: (table ? table + ' ' : '') + metadata.id + ' version '
            + metadata.version }),
          element('div', { className: 'muted hash', text: 'hash ' + revision.hash }),
          element('pre', { className: 'ion', text: revision.data === undefined ? '(deleted)'
            : ionText(revision.data, '  ') }));
      }));
    $('block-details').replaceChildren(element('h3', { text: 'Block ' + block.blockAddress.sequenceNo }), list,
      element('h3', { text: 'Statements' }), statements, element('h3', { text: 'Revisions' }), revisions);
    $('block-details').hidden = false;
  }

  async verify() {
    $('block-error').textContent = '';
    const result = $('block-verify-result');
    result.textContent = '';
    result.className = '';
    $('block-proof-picture').replaceChildren();
    let outcome;
    try {
      outcome = await verifyBlock(readBlock($('block-input').value), readDigest($('block-digest-input').value));
    } catch (e) {
      $('block-error').textContent = e instanceof InputError ? e.message : 'Cannot verify: ' + e.message;
      return;
    }
    drawProof($('block-proof-picture'), outcome);
    if (outcome.verified) {
      result.textContent = 'Verified in this browser: every hash of the block recomputed, and the block hash folds'
        + ' to the digest you trust.';
      result.className = 'verified';
    } else {
      result.textContent = failureText(outcome);
      result.className = 'failed';
    }
  }

  show() {
  }

  async start() {
    this.stop();
    $('blocks-error').textContent = '';
    const ledger = this.context.ledger;
    const controller = new AbortController();
    this.controller = controller;
    $('tail-start').disabled = true;
    $('tail-stop').disabled = false;
    $('blocks-table').tBodies[0].replaceChildren();
    try {
      const digest = await this.context.api.digest(ledger);
      const from = Math.max(0, Number(digest.tipAddress.sequenceNo) - 4);
      $('tail-status').textContent = 'following ' + ledger + ' from block ' + from;
      await this.context.api.stream(ledger, from, (event, data) => {
        if (event === 'BLOCK_SUMMARY') {
          this.addBlock(data.payload);
        }
      }, controller.signal);
      $('tail-status').textContent = 'the server ended the stream';
    } catch (e) {
      if (e.name !== 'AbortError') {
        $('blocks-error').textContent = e.message;
      }
    } finally {
      if (this.controller === controller) {
        this.controller = null;
        $('tail-start').disabled = false;
        $('tail-stop').disabled = true;
      }
    }
  }

  addBlock(block) {
    const statements = ((block.transactionInfo || {}).statements || []).map(s => s.statement).join('; ');
    const sequenceNo = String(block.blockAddress.sequenceNo);
    const open = element('button', { type: 'button', className: 'link', text: sequenceNo,
      'aria-label': 'Explore block ' + sequenceNo });
    open.addEventListener('click', () => this.explore(sequenceNo));
    const row = element('tr', { 'data-block': sequenceNo },
      element('td', {}, open), element('td', { text: block.blockTimestamp }),
      element('td', { text: block.transactionId }), element('td', { text: statements }),
      element('td', { text: block.blockHash }));
    $('blocks-table').tBodies[0].prepend(row);
  }

  stop() {
    if (this.controller) {
      this.controller.abort();
      this.controller = null;
    }
    $('tail-start').disabled = false;
    $('tail-stop').disabled = true;
    $('tail-status').textContent = '';
  }

  hide() {
    this.stop();
  }

  reset() {
    this.stop();
    $('blocks-table').tBodies[0].replaceChildren();
    $('block-details').replaceChildren();
    $('block-details').hidden = true;
    for (const id of ['block-input', 'block-digest-input', 'block-number']) {
      $(id).value = '';
    }
    $('block-proof-picture').replaceChildren();
    $('block-verify-result').textContent = '';
  }
}

/** Prometheus text as [{name, labels, value}]. */
export function readMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || line.startsWith('#')) {
      continue;
    }
    const labels = {};
    for (const label of (match[2] || '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[label[1]] = label[2];
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

const SVG = 'http://www.w3.org/2000/svg';
const HEALTH_INTERVAL_MILLIS = 2000;
const HEALTH_POINTS = 60;

/** Server-wide commit latency quantile q (0..1) in milliseconds from two readings of the histogram's buckets. */
function latencyQuantile(before, after, q) {
  const buckets = after.filter(s => s.name === 'vellum_commit_latency_seconds_bucket').map(s => {
    const earlier = before.find(b => b.name === s.name && b.labels.le === s.labels.le);
    return { le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), count: s.value - (earlier ? earlier.value : 0) };
  }).sort((a, b) => a.le - b.le);
  const total = buckets.length ? buckets[buckets.length - 1].count : 0;
  if (total <= 0) {
    return null;
  }
  const bucket = buckets.find(b => b.count >= q * total);
  return bucket && Number.isFinite(bucket.le) ? bucket.le * 1000 : null;
}

export class HealthPage {
  constructor(context) {
    this.context = context;
    this.timer = null;
    this.previous = null;
    this.series = {};
  }

  show() {
    if (this.timer !== null && this.ledger !== this.context.ledger) {
      this.hide(); // another ledger was chosen: start its charts afresh
    }
    if (this.timer === null) {
      this.previous = null;
      this.series = {};
      this.ledger = this.context.ledger;
      this.poll();
      this.timer = setInterval(() => this.poll(), HEALTH_INTERVAL_MILLIS);
    }
  }

  async poll() {
    let samples;
    try {
      samples = readMetrics(await this.context.api.metrics());
      $('health-error').textContent = '';
    } catch (e) {
      $('health-error').textContent = e.message;
      return;
    }
    const now = performance.now();
    const ledger = this.ledger;
    const of = name => {
      const sample = samples.find(s => s.name === name && s.labels.ledger === ledger);
      return sample ? sample.value : null;
    };
    const reading = { at: now, samples, commits: of('vellum_ledger_commits_total'),
      conflicts: of('vellum_ledger_occ_conflicts_total') };
    const values = { tip: of('vellum_ledger_tip_sequence_number'), journal: of('vellum_ledger_journal_bytes') };
    if (this.previous) {
      const seconds = (now - this.previous.at) / 1000;
      values.commits = (reading.commits - this.previous.commits) / seconds;
      values.conflicts = (reading.conflicts - this.previous.conflicts) / seconds;
      values.p50 = latencyQuantile(this.previous.samples, samples, 0.5);
      values.p99 = latencyQuantile(this.previous.samples, samples, 0.99);
    }
    this.previous = reading;
    for (const [key, value] of Object.entries(values)) {
      const series = this.series[key] || (this.series[key] = []);
      series.push(value);
      if (series.length > HEALTH_POINTS) {
        series.shift();
      }
    }
    this.render();
  }

  render() {
    const charts = [
      ['commits', 'Commits per second (' + this.ledger + ')', v => v.toFixed(1)],
      ['conflicts', 'OCC conflicts per second', v => v.toFixed(1)],
      ['p50', 'Commit latency p50, ms (server; bucket bound)', v => v.toFixed(1)],
      ['p99', 'Commit latency p99, ms (server; bucket bound)', v => v.toFixed(1)],
      ['tip', 'Last block', v => String(v)],
      ['journal', 'Journal size, bytes', v => v.toLocaleString('en')],
    ];
    $('health-charts').replaceChildren(...charts.map(([key, title, format]) => {
      const series = this.series[key] || [];
      const last = series.length ? series[series.length - 1] : null;
      return element('figure', { className: 'chart', id: 'health-' + key },
        element('figcaption', { text: title }),
        element('div', { className: 'value', text: last === null || last === undefined ? '–' : format(last) }),
        sparkline(series));
    }));
  }

  hide() {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  reset() {
    this.hide();
    $('health-charts').replaceChildren();
  }
}

/** A small line chart of the numbers in series (nulls skipped), scaled to its own range. */
function sparkline(series) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + HEALTH_POINTS + ' 30');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'the last ' + series.length + ' readings');
  const points = series.map((v, i) => [i, v]).filter(([, v]) => v !== null && v !== undefined && Number.isFinite(v));
  if (points.length > 1) {
    const max = Math.max(...points.map(([, v]) => v));
    const min = Math.min(0, ...points.map(([, v]) => v));
    const span = max - min || 1;
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', points.map(([i, v]) => i + ',' + (29 - ((v - min) / span) * 28).toFixed(2)).join(' '));
    line.setAttribute('vector-effect', 'non-scaling-stroke');
    svg.append(line);
  }
  return svg;
}
