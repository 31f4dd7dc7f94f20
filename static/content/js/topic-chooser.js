/*
 * "Find or add a topic" beside the article form's topic checkboxes.
 *
 * Opens the Topic snippet chooser (search, or "Add a new topic" in the same window) with
 * Wagtail's own modal workflow, the one the Source picker uses, and ticks the topic chosen
 * or added; a new topic gets a checkbox of its own. Without this script the checkboxes
 * work as they are and the button stays hidden (content.editorial.forms.TopicCheckboxes).
 */
(() => {
  'use strict';

  /** The chooser answers {id, string, edit_url}; tick that topic, adding its checkbox. */
  const tickTopic = (container, topic) => {
    const value = String(topic.id);
    const boxes = [...container.querySelectorAll('input[type=checkbox]')];
    let box = boxes.find((input) => input.value === value);
    if (!box) {
      const listId = container.dataset.topicList;
      let list = listId ? document.getElementById(listId) : null;
      if (!list) {
        list = document.createElement('div');
        container.prepend(list);
      }
      box = document.createElement('input');
      box.type = 'checkbox';
      box.name = container.dataset.topicField;
      box.value = value;
      box.id = `${listId || container.dataset.topicField}_new_${value}`;
      const label = document.createElement('label');
      label.htmlFor = box.id;
      label.append(box, ` ${topic.string}`);
      const row = document.createElement('div');
      row.append(label);
      list.append(row);
    }
    box.checked = true;
    // The editor's "unsaved changes" warning listens for this.
    box.dispatchEvent(new Event('change', { bubbles: true }));
    box.focus();
  };

  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-topic-add]');
    if (!button || !window.ModalWorkflow) {
      return;
    }
    const container = button.closest('[data-topic-chooser-url]');
    window.ModalWorkflow({
      url: container.dataset.topicChooserUrl,
      onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
      responses: { chosen: (topic) => tickTopic(container, topic) },
    });
  });

  const showButtons = () => {
    document.querySelectorAll('[data-topic-add]').forEach((button) => {
      button.hidden = false;
    });
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', showButtons);
  } else {
    showButtons();
  }
})();
