/*
 * "Cite a source" for Wagtail's rich-text editor (Draftail).
 *
 * A CITATION entity marks the words that make a claim and points at a Source snippet:
 * data {id, label, editUrl}. Only the id is stored (<a linktype="source" id="7">…</a>);
 * the label and edit URL are filled in again whenever the editor loads.
 *
 * The toolbar button opens the Source snippet chooser (search, and "add" if the chooser
 * offers it). The chosen Source is applied to the selected words, like a link; with
 * nothing selected, the Source's publisher is inserted as the cited words.
 *
 * Built on Wagtail's own pieces: window.draftail.ModalWorkflowSource (the modal
 * lifecycle) and window.draftail.Tooltip. The tooltip's Change source / Remove act on
 * the citation it was opened on, wherever the caret is (see tooltipRequest).
 */
(() => {
  'use strict';

  const ENTITY_TYPE = 'CITATION';
  const { React, ReactDOM, DraftJS, draftail } = window;

  if (!React || !ReactDOM || !DraftJS || !draftail || !draftail.ModalWorkflowSource) {
    // Without Wagtail's Draftail bundle there is no editor to extend.
    return;
  }

  const { EditorState, Modifier, RichUtils, SelectionState } = DraftJS;
  const { ModalWorkflowSource, Tooltip } = draftail;

  /**
   * What the citation's tooltip asked for ("change" or "remove") and where that citation
   * is: {action, entityKey, blockKey, start, end}. Draftail's own Edit and Remove look
   * for the entity only in the paragraph that holds the caret, and a click on the
   * citation's icon does not move the caret: with the caret in another paragraph, Remove
   * did nothing and a new Source was inserted at the caret. So the tooltip says which
   * words it belongs to, and CitationSource (which Draftail hands the editor's state)
   * does the change or the removal there.
   */
  let tooltipRequest = null;

  const takeTooltipRequest = (entityKey) => {
    const request = tooltipRequest;
    tooltipRequest = null;
    return request && request.entityKey === entityKey ? request : null;
  };

  /** The whole of a citation: where its tooltip was opened, else wherever it is. */
  const citationRange = (content, entityKey, where) => {
    const rangeIn = (block, start, end) =>
      SelectionState.createEmpty(block.getKey()).merge({ anchorOffset: start, focusOffset: end });
    const hinted = where && content.getBlockForKey(where.blockKey);
    if (hinted && hinted.getEntityAt(where.start) === entityKey) {
      return rangeIn(hinted, where.start, where.end);
    }
    for (const block of content.getBlocksAsArray()) {
      let found = null;
      block.findEntityRanges(
        (character) => character.getEntity() === entityKey,
        (start, end) => {
          found = found || rangeIn(block, start, end);
        },
      );
      if (found) {
        return found;
      }
    }
    return null;
  };

  /**
   * The short name shown in the editor's badge: the publisher.
   * A Source's string form is "Publisher: Title (date)" (content.models.Source.__str__).
   */
  /** Wagtail's own icon markup, so the admin's `.TooltipEntity .icon` styles apply. */
  const icon = (name) =>
    React.createElement(
      'svg',
      { className: `icon icon-${name}`, 'aria-hidden': 'true' },
      React.createElement('use', { href: `#icon-${name}` }),
    );

  const shortLabel = (label) => {
    const text = String(label || '');
    const separator = text.indexOf(': ');
    return separator > 0 ? text.slice(0, separator) : text;
  };

  /**
   * Opens the Source chooser and applies the chosen Source to the selection, or to the
   * whole citation when its tooltip's "Change source" opened it. For the tooltip's
   * "Remove" it opens nothing: it uncites the words and hands the editor back.
   */
  class CitationSource extends ModalWorkflowSource {
    componentDidMount() {
      this.request = takeTooltipRequest(this.props.entityKey);
      if (this.request && this.request.action === 'remove') {
        this.removeCitation();
        return;
      }
      super.componentDidMount();
    }

    removeCitation() {
      const { editorState, entityKey, onComplete } = this.props;
      const range = citationRange(editorState.getCurrentContent(), entityKey, this.request);
      onComplete(range ? RichUtils.toggleLink(editorState, range, null) : null);
    }

    getChooserConfig() {
      const { sourceChooser } = { ...this.props.entityType.chooserUrls };
      return {
        url: sourceChooser,
        urlParams: {},
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: this.onChosen },
      };
    }

    /** The snippet chooser answers {id, string, edit_url}. */
    filterEntityData(result) {
      return {
        id: Number(result.id),
        label: result.string,
        editUrl: result.edit_url || null,
      };
    }

    /**
     * The words to cite: the whole existing citation when re-choosing from its tooltip or
     * with the caret inside it, otherwise the selection.
     */
    getTargetSelection() {
      const { editorState, entity, entityKey } = this.props;
      const selection = editorState.getSelection();
      const isEditingCitation = entity && entityKey && entity.getType() === ENTITY_TYPE;
      if (isEditingCitation && (this.request || selection.isCollapsed())) {
        const range = citationRange(editorState.getCurrentContent(), entityKey, this.request);
        return range || selection;
      }
      return selection;
    }

    onChosen(result) {
      const { editorState, onComplete } = this.props;
      const data = this.filterEntityData(result);
      const content = editorState
        .getCurrentContent()
        .createEntity(ENTITY_TYPE, 'MUTABLE', data);
      const entityKey = content.getLastCreatedEntityKey();
      const selection = this.getTargetSelection();

      let nextState;
      if (selection.isCollapsed()) {
        // Nothing selected: insert the publisher's name as the cited words.
        const inserted = Modifier.insertText(
          content,
          selection,
          shortLabel(data.label),
          editorState.getCurrentInlineStyle(),
          entityKey,
        );
        nextState = EditorState.push(editorState, inserted, 'insert-characters');
      } else {
        const withEntity = EditorState.push(editorState, content, 'apply-entity');
        nextState = RichUtils.toggleLink(withEntity, selection, entityKey);
      }

      this.workflow.close();
      onComplete(nextState);
    }
  }

  /**
   * Renders its children into `node` and calls onClose on a click or key press outside
   * them, or when the window resizes (as Draftail's own tooltips behave).
   */
  class TooltipPortal extends React.Component {
    constructor(props) {
      super(props);
      this.portal = document.createElement('div');
      this.onOutsideEvent = this.onOutsideEvent.bind(this);
    }

    componentDidMount() {
      this.props.node.appendChild(this.portal);
      document.addEventListener('mouseup', this.onOutsideEvent);
      document.addEventListener('keyup', this.onOutsideEvent);
      window.addEventListener('resize', this.props.onClose);
    }

    componentWillUnmount() {
      this.portal.remove();
      document.removeEventListener('mouseup', this.onOutsideEvent);
      document.removeEventListener('keyup', this.onOutsideEvent);
      window.removeEventListener('resize', this.props.onClose);
    }

    onOutsideEvent(event) {
      if (!this.portal.contains(event.target)) {
        this.props.onClose();
      }
    }

    render() {
      return ReactDOM.createPortal(this.props.children, this.portal);
    }
  }

  /**
   * Cited words in the editor: dotted underline and a badge naming the publisher. A click
   * opens a tooltip with the whole Source (linked to its edit page, in a new tab), "Change
   * source" to choose another and "Remove" to uncite the words. Like Wagtail's
   * TooltipEntity, but the Source is shown in full rather than cut at 20 characters.
   */
  class Citation extends React.Component {
    constructor(props) {
      super(props);
      this.state = { tooltipAt: null };
      this.openTooltip = this.openTooltip.bind(this);
      this.closeTooltip = this.closeTooltip.bind(this);
      this.onEdit = this.onEdit.bind(this);
      this.onRemove = this.onRemove.bind(this);
    }

    /** Asks CitationSource to change or remove these words (see tooltipRequest). */
    request(action) {
      const { entityKey, blockKey, start, end } = this.props;
      this.setState({ tooltipAt: null });
      tooltipRequest = { action, entityKey, blockKey, start, end };
      // Draftail opens this entity type's source, CitationSource, for the entity.
      this.props.onEdit(entityKey);
    }

    onEdit(event) {
      event.preventDefault();
      event.stopPropagation();
      this.request('change');
    }

    onRemove(event) {
      event.preventDefault();
      event.stopPropagation();
      this.request('remove');
    }

    openTooltip(event) {
      const trigger = event.target.closest('[data-draftail-trigger]');
      if (!trigger) {
        return;
      }
      const container = trigger.closest('[data-draftail-editor-wrapper]');
      const containerRect = container.getBoundingClientRect();
      const triggerRect = trigger.getBoundingClientRect();
      this.setState({
        tooltipAt: {
          container,
          top: triggerRect.top - containerRect.top - window.scrollY,
          left: triggerRect.left - containerRect.left - window.scrollX,
          width: triggerRect.width,
          height: triggerRect.height,
        },
      });
    }

    closeTooltip() {
      this.setState({ tooltipAt: null });
    }

    renderTooltip(data, isMissing) {
      const { tooltipAt } = this.state;
      const sourceText = isMissing
        ? 'This Source no longer exists. Choose one again, or remove the citation.'
        : data.label;
      const source = data.editUrl
        ? React.createElement(
            'a',
            {
              href: data.editUrl,
              target: '_blank',
              rel: 'noreferrer',
              className: 'citation-tooltip__source',
              title: 'Open this Source in a new tab',
            },
            sourceText,
          )
        : React.createElement('span', { className: 'citation-tooltip__source' }, sourceText);

      return React.createElement(
        TooltipPortal,
        { node: tooltipAt.container, onClose: this.closeTooltip },
        React.createElement(
          Tooltip,
          { target: tooltipAt, direction: 'top' },
          React.createElement(
            'div',
            { className: 'citation-tooltip' },
            React.createElement(
              'span',
              { className: 'citation-tooltip__kind' },
              isMissing ? 'Missing source' : 'Cites',
            ),
            source,
            React.createElement(
              'span',
              { className: 'citation-tooltip__actions' },
              React.createElement(
                'button',
                {
                  type: 'button',
                  className: 'button button-small Tooltip__button',
                  onClick: this.onEdit,
                },
                'Change source',
              ),
              React.createElement(
                'button',
                {
                  type: 'button',
                  className: 'button button-small button-secondary no Tooltip__button',
                  onClick: this.onRemove,
                },
                'Remove',
              ),
            ),
          ),
        ),
      );
    }

    render() {
      const { entityKey, contentState, children } = this.props;
      const data = contentState.getEntity(entityKey).getData();
      const isMissing = !data.id;
      const badge = isMissing ? 'missing source' : shortLabel(data.label);
      // Words that already name the publisher need no badge repeating it.
      const namesSource = !isMissing && this.props.decoratedText === badge;
      const modifier = isMissing ? ' citation-entity--missing' : '';

      return React.createElement(
        'span',
        {
          className: `citation-entity${modifier}${namesSource ? ' citation-entity--names-source' : ''}`,
          'data-citation-source': isMissing ? '' : String(data.id),
          'data-citation-badge': badge,
        },
        React.createElement(
          'a',
          {
            role: 'button',
            className: 'TooltipEntity',
            'data-draftail-trigger': true,
            title: isMissing ? 'Missing source' : `Cites: ${data.label}`,
            onMouseUp: this.openTooltip,
          },
          icon(isMissing ? 'warning' : 'doc-full'),
          children,
        ),
        this.state.tooltipAt ? this.renderTooltip(data, isMissing) : null,
      );
    }
  }

  draftail.registerPlugin(
    {
      type: ENTITY_TYPE,
      source: CitationSource,
      decorator: Citation,
    },
    'entityTypes',
  );
})();
