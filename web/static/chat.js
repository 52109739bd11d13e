// Runs once per transcript component (element and server come from Gradio's js_on_load).
// Event delegation on the component's root survives every re-render of the transcript.
element.addEventListener('click', async (event) => {
  const cite = event.target.closest('.ots-cite');
  if (cite) {
    event.preventDefault();
    const source = element.querySelector('#' + CSS.escape(cite.dataset.target));
    if (source) {
      const panel = source.closest('details');
      if (panel) panel.open = true;
      keepOpen(panel);
      source.scrollIntoView({behavior: 'smooth', block: 'center'});
      source.classList.add('ots-flash');
      setTimeout(() => source.classList.remove('ots-flash'), 1600);
    }
    return;
  }
  const summary = event.target.closest('.ots-sources > summary');
  if (summary) {  // about to toggle: remembered, so a re-draw of the transcript leaves it as the reader set it
    const turn = summary.closest('.ots-turn');
    if (turn && summary.parentElement.open) opened.delete(turn.id);
    else keepOpen(summary.parentElement);
    return;
  }
  // Thumbs first, then an optional comment: a thumb saves the rating (with whatever comment is there)
  // and opens the comment box; Send (or Enter) saves the rating again with the comment. The server
  // keeps one per answer, and the transcript draws the stored choice again after the next question.
  const rate = event.target.closest('.ots-rate');
  if (rate) {
    const box = rate.closest('.ots-feedback');
    box.dataset.rating = rate.dataset.rating;
    box.querySelectorAll('.ots-rate').forEach((b) => {
      b.classList.toggle('ots-chosen', b === rate);
      b.setAttribute('aria-pressed', b === rate ? 'true' : 'false');
    });
    if (await save(box)) box.querySelector('.ots-note').hidden = false;
    return;
  }
  const copy = event.target.closest('.ots-copy');
  if (copy) {
    // Its words are the answer's language's, drawn by the server (web/render.py).
    copy.textContent = (await copyText(copy.dataset.markdown)) ? copy.dataset.copied : copy.dataset.byHand;
    setTimeout(() => { copy.textContent = copy.dataset.label; }, 2000);
    return;
  }
  const send = event.target.closest('.ots-send');
  if (send) await save(send.closest('.ots-feedback'));
});

element.addEventListener('keydown', async (event) => {
  if (event.key === 'Enter' && event.target.classList.contains('ots-comment')) {
    event.preventDefault();
    await save(event.target.closest('.ots-feedback'));
  }
});

async function save(box) {
  const thanks = box.querySelector('.ots-thanks');
  if (!box.dataset.rating) return false;
  thanks.textContent = box.dataset.saving || 'Saving…';  // the answer's language's (web/render.py)
  try {
    thanks.textContent = await server.rate({
      answer_id: box.dataset.answerId, rating: box.dataset.rating, comment: box.querySelector('.ots-comment').value,
      language: box.dataset.lang || 'en',  // the answer's: what the server says back is in it
    });
    return true;
  } catch (err) {
    thanks.textContent = box.dataset.failed || 'Could not save the feedback.';
    return false;
  }
}

// On a small screen (600px or less) each answer's sources start closed behind "Sources (N)", so the answer
// and the next question are not screens apart (issue 25, point 2); a [n] still opens them at its quote.
// The server draws them open (as a desktop keeps them); they are closed here, before the browser paints.
// Those the reader opened stay open through the re-draws of the transcript (one per piece of an answer).
const small = window.matchMedia('(max-width: 600px)');
const opened = new Set();

function keepOpen(panel) {
  const turn = panel && panel.closest('.ots-turn');
  if (turn) opened.add(turn.id);
}

function collapseSources() {
  if (!small.matches) return;
  element.querySelectorAll('.ots-turn').forEach((turn) => {
    const panel = turn.querySelector('details.ots-sources');
    if (panel && !opened.has(turn.id)) panel.open = false;
  });
}
collapseSources();

// A new question brings its turn to the top of the screen, so the answer's first line is in view as it
// is written (the transcript is drawn again for every piece of the answer: only a new turn scrolls).
// Watched for 'open' too: a re-draw that kept a panel but set its attribute again must not open it on a phone.
let turnsSeen = element.querySelectorAll('.ots-turn').length;
new MutationObserver(() => {
  const turns = element.querySelectorAll('.ots-turn');
  if (turns.length < turnsSeen) opened.clear();  // a new conversation: its turns reuse the ids
  collapseSources();
  if (turns.length > turnsSeen) turns[turns.length - 1].scrollIntoView({block: 'start'});
  turnsSeen = turns.length;
}).observe(element, {childList: true, subtree: true, attributes: true, attributeFilter: ['open']});

// The clipboard API needs a secure page (https or localhost); an intranet served over plain http gets
// the older copy command on a hidden text box instead.
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (err) {
    const box = document.createElement('textarea');
    box.value = text;
    box.setAttribute('readonly', '');
    box.style.position = 'fixed';
    box.style.opacity = '0';
    document.body.appendChild(box);
    box.select();
    const done = document.execCommand('copy');
    box.remove();
    return done;
  }
}
