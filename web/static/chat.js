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
      source.scrollIntoView({behavior: 'smooth', block: 'center'});
      source.classList.add('ots-flash');
      setTimeout(() => source.classList.remove('ots-flash'), 1600);
    }
    return;
  }
  const rate = event.target.closest('.ots-rate');
  if (rate) {
    const box = rate.closest('.ots-feedback');
    const comment = box.querySelector('.ots-comment').value;
    const thanks = box.querySelector('.ots-thanks');
    thanks.textContent = 'Saving…';
    try {
      thanks.textContent = await server.rate({answer_id: box.dataset.answerId, rating: rate.dataset.rating, comment: comment});
      box.querySelectorAll('.ots-rate').forEach((b) => b.classList.toggle('ots-chosen', b === rate));
    } catch (err) {
      thanks.textContent = 'Could not save the feedback.';
    }
  }
});
