// doppel HTML report: draws the page from the JSON embedded in it (docs/report.md).
//
// Data: #doppel-index holds the summary and one entry per listed cluster; each listed
// cluster has its own #doppel-cluster-<id> element, parsed only when the cluster is
// opened or searched. Offsets in the data are UTF-8 byte offsets into the document
// texts; byteOffsetsToIndices() turns them into string (UTF-16) indices.
//
// Routes: #cluster-<id> opens a cluster, #cluster-<id>/<k> also compares its member k
// (index into the cluster's members) with the original; an empty hash is the overview.
// ?q=words opens the page with that search; with ?selfcheck in the address the page
// also checks itself (see selfCheck()).
(function () {
  'use strict';

  var LIST_PAGE = 200;
  var RELATION_LABELS = {
    original: 'original',
    exact: 'exact copy',
    near_duplicate: 'near duplicate',
    partial_copy: 'partial copy',
    rewrite: 'rewrite',
    same_story: 'same story',
    unlinked: 'no direct pair',
    unrelated: 'unrelated'
  };
  var ALIGN_LABELS = {
    verbatim: 'verbatim',
    paraphrase: 'paraphrased',
    merged: 'merged or split',
    added: 'only in the copy',
    dropped: 'dropped by the copy'
  };

  // ---------------------------------------------------------------- DOM helpers
  function h(tag, props) {
    var el = document.createElement(tag);
    if (props) {
      for (var key in props) {
        if (!Object.prototype.hasOwnProperty.call(props, key)) continue;
        var value = props[key];
        if (value === undefined || value === null || value === false) continue;
        if (key === 'class') el.className = value;
        else if (key === 'text') el.textContent = value;
        else if (key.slice(0, 2) === 'on') el.addEventListener(key.slice(2), value);
        else el.setAttribute(key, value === true ? '' : value);
      }
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) {
      child.forEach(function (c) { append(el, c); });
    } else if (typeof child === 'string' || typeof child === 'number') {
      el.appendChild(document.createTextNode(String(child)));
    } else {
      el.appendChild(child);
    }
  }
  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }
  function fmtInt(n) {
    return Number(n).toLocaleString('en-US');
  }
  function fmtBytes(n) {
    if (n < 1024) return n + ' B';
    var units = ['KB', 'MB', 'GB', 'TB'];
    var v = n / 1024;
    var u = 0;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return (v >= 100 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[u];
  }
  function fmtScore(x) {
    return typeof x === 'number' ? x.toFixed(2) : '';
  }
  function plural(n, one, many) {
    return fmtInt(n) + ' ' + (n === 1 ? one : (many || one + 's'));
  }
  function relationChip(name, extra) {
    return h('span', { class: 'chip rel-' + name }, RELATION_LABELS[name] || name, extra);
  }

  // ---------------------------------------------------------------- data
  var index = JSON.parse(document.getElementById('doppel-index').textContent);
  var entries = index.clusters;
  var entryById = new Map();
  entries.forEach(function (e, position) {
    e.position = position;
    entryById.set(e.id, e);
  });
  var clusterCache = new Map();

  function clusterElement(id) {
    return document.getElementById('doppel-cluster-' + id);
  }
  function clusterData(id) {
    if (!clusterCache.has(id)) {
      var el = clusterElement(id);
      clusterCache.set(id, el ? JSON.parse(el.textContent) : null);
    }
    return clusterCache.get(id);
  }

  // ---------------------------------------------------------------- UTF-8 offsets
  // Maps UTF-8 byte offsets into `text` to indices into the JS string (UTF-16 code
  // units), walking the string once. An offset inside a code point maps to the end of
  // that code point; offsets past the end map to text.length. Returns a Map.
  function byteOffsetsToIndices(text, offsets) {
    var wanted = Array.from(new Set(offsets)).sort(function (x, y) { return x - y; });
    var result = new Map();
    var byte = 0;
    var i = 0;
    var k = 0;
    while (k < wanted.length) {
      if (byte >= wanted[k] || i >= text.length) {
        result.set(wanted[k], i);
        k++;
        continue;
      }
      var c = text.charCodeAt(i);
      if (c < 0x80) {
        byte += 1; i += 1;
      } else if (c < 0x800) {
        byte += 2; i += 1;
      } else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.length &&
                 text.charCodeAt(i + 1) >= 0xDC00 && text.charCodeAt(i + 1) <= 0xDFFF) {
        byte += 4; i += 2;  // a surrogate pair: one code point above U+FFFF
      } else {
        byte += 3; i += 1;  // the rest of the BMP (a lone surrogate is U+FFFD in UTF-8)
      }
    }
    return result;
  }

  // ---------------------------------------------------------------- annotated text
  // Renders `text` with marks: [{b0, b1, kind: 'al'|'removed'|'fact', ...}] in byte
  // offsets. The text is cut at every mark boundary; each piece becomes a span.seg
  // carrying the alignment, removal and facts that cover it.
  function renderAnnotated(text, marks, options) {
    var frag = document.createDocumentFragment();
    var offsets = [];
    marks.forEach(function (m) { offsets.push(m.b0, m.b1); });
    var map = byteOffsetsToIndices(text, offsets);
    var starts = new Map();
    var ends = new Map();
    var boundaries = new Set([0, text.length]);
    var byteAt = new Map([[0, 0]]);  // index -> byte offset, for the self check
    marks.forEach(function (m) {
      var s = map.get(m.b0);
      var e = map.get(m.b1);
      if (!byteAt.has(s)) byteAt.set(s, m.b0);
      if (!byteAt.has(e)) byteAt.set(e, m.b1);
      if (e <= s) return;
      boundaries.add(s);
      boundaries.add(e);
      if (!starts.has(s)) starts.set(s, []);
      starts.get(s).push(m);
      if (!ends.has(e)) ends.set(e, []);
      ends.get(e).push(m);
    });
    if (!byteAt.has(text.length)) byteAt.set(text.length, options.textBytes);
    var cuts = Array.from(boundaries).sort(function (x, y) { return x - y; });
    var active = [];
    for (var c = 0; c < cuts.length - 1; c++) {
      var from = cuts[c];
      var to = cuts[c + 1];
      (ends.get(from) || []).forEach(function (m) {
        var at = active.indexOf(m);
        if (at >= 0) active.splice(at, 1);
      });
      (starts.get(from) || []).forEach(function (m) { active.push(m); });
      var piece = text.slice(from, to);
      if (active.length === 0 && !options.selfCheck) {
        appendQueryMarked(frag, piece, options.query);
      } else {
        frag.appendChild(segment(piece, active, options, byteAt.get(from), byteAt.get(to)));
      }
      // Fact numbers follow the end of the fact's text.
      (ends.get(to) || []).forEach(function (m) {
        if (m.kind === 'fact') {
          frag.appendChild(h('sup', {
            class: 'fact-mark',
            'data-fact': m.fact,
            title: m.title,
            'aria-hidden': 'true'
          }, String(m.fact + 1)));
        }
      });
    }
    return frag;
  }

  function segment(piece, active, options, byteFrom, byteTo) {
    var cls = ['seg'];
    var titles = [];
    var al = null;
    var facts = [];
    active.forEach(function (m) {
      if (m.kind === 'al') al = m;
      else if (m.kind === 'removed') {
        cls.push('removed');
        titles.push('removed by cleaning: ' + m.removal);
      } else if (m.kind === 'fact') {
        facts.push(m.fact);
        titles.push('fact ' + (m.fact + 1) + ': ' + m.title);
      }
    });
    var attrs = {};
    if (al) {
      cls.push('k-' + al.alKind);
      if (al.al % 2 === 1) cls.push('odd');
      if (al.moved) cls.push('moved');
      attrs['data-al'] = al.al;
      titles.unshift(al.title);
    }
    if (facts.length) {
      cls.push('fact');
      attrs['data-facts'] = facts.join(' ');
    }
    attrs.class = cls.join(' ');
    if (titles.length) attrs.title = titles.join('\n');
    if (options.selfCheck) attrs['data-bytes'] = byteFrom + '-' + byteTo;
    var el = h('span', attrs);
    appendQueryMarked(el, piece, options.query);
    return el;
  }

  // Appends `str`, with occurrences of the search query (lower case) marked.
  function appendQueryMarked(parent, str, query) {
    if (!query || str.length < query.length) {
      parent.appendChild(document.createTextNode(str));
      return;
    }
    var lower = str.toLowerCase();
    if (lower.length !== str.length) {  // case mapping changed lengths: no marks
      parent.appendChild(document.createTextNode(str));
      return;
    }
    var pos = 0;
    var hit = lower.indexOf(query);
    while (hit >= 0) {
      if (hit > pos) parent.appendChild(document.createTextNode(str.slice(pos, hit)));
      parent.appendChild(h('mark', { class: 'q' }, str.slice(hit, hit + query.length)));
      pos = hit + query.length;
      hit = lower.indexOf(query, pos);
    }
    if (pos < str.length) parent.appendChild(document.createTextNode(str.slice(pos)));
  }

  // Marks for one side ('a': the original, 'b': the member) of a comparison.
  function comparisonMarks(compare, side) {
    var marks = [];
    compare.alignments.forEach(function (al, i) {
      var title = (ALIGN_LABELS[al.kind] || al.kind) +
          (al.kind !== 'added' && al.kind !== 'dropped' ? ' · similarity ' + fmtScore(al.similarity) : '') +
          (al.moved ? ' · moved' : '') + ' · click to pin';
      al[side].forEach(function (span) {
        marks.push({ kind: 'al', b0: span[0], b1: span[1], al: i, alKind: al.kind, moved: al.moved, title: title });
      });
    });
    compare[side + '_removed'].forEach(function (r) {
      marks.push({ kind: 'removed', b0: r[0], b1: r[1], removal: r[2] });
    });
    compare.facts.forEach(function (f, i) {
      if (f[side]) marks.push({ kind: 'fact', b0: f[side][0], b1: f[side][1], fact: i, title: f.kind + ': ' + f.reason });
    });
    return marks;
  }

  // The text of byte span [b0, b1) of `text`.
  function spanText(text, span) {
    if (!span) return null;
    var map = byteOffsetsToIndices(text, span);
    return text.slice(map.get(span[0]), map.get(span[1]));
  }

  // ---------------------------------------------------------------- search
  var query = '';
  var filtered = entries;
  var matches = new Map();  // cluster id -> [member index, ...] matched by id or text
  var rawLower = new Map();

  // The query as it appears inside the embedded JSON strings (lower case), for a fast
  // first pass over a cluster's raw element before parsing it.
  function jsonNeedle(q) {
    return JSON.stringify(q).slice(1, -1)
        .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
        .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029').toLowerCase();
  }
  function runSearch(q) {
    query = q.trim().toLowerCase();
    matches = new Map();
    if (!query) {
      filtered = entries;
    } else {
      var needle = jsonNeedle(query);
      var clusterNo = /^#?(\d+)$/.exec(query);
      filtered = entries.filter(function (e) {
        var hit = (clusterNo && Number(clusterNo[1]) === e.id) ||
            e.original.toLowerCase().indexOf(query) >= 0 ||
            e.title.toLowerCase().indexOf(query) >= 0;
        var el = clusterElement(e.id);
        if (!el) return hit;
        if (!rawLower.has(e.id)) rawLower.set(e.id, el.textContent.toLowerCase());
        if (rawLower.get(e.id).indexOf(needle) < 0) return hit;
        var data = clusterData(e.id);
        var found = [];
        data.members.forEach(function (m, k) {
          if (m.id.toLowerCase().indexOf(query) >= 0 ||
              (m.text && m.text.toLowerCase().indexOf(query) >= 0)) {
            found.push(k);
          }
        });
        if (found.length) matches.set(e.id, found);
        return hit || found.length > 0;
      });
    }
    var status = document.getElementById('search-status');
    status.textContent = query ? plural(filtered.length, 'cluster') + ' of ' + fmtInt(entries.length) : '';
    listShown = LIST_PAGE;
    renderList();
    route();
  }

  // ---------------------------------------------------------------- cluster list
  var listShown = LIST_PAGE;
  var currentId = null;

  function renderList() {
    var head = document.getElementById('list-head');
    var s = index.summary;
    clear(head);
    append(head, query
      ? plural(filtered.length, 'cluster') + ' match “' + query + '”'
      : plural(s.clusters, 'cluster') + ', largest first' +
        (s.clusters_listed < s.clusters ? ' (' + fmtInt(s.clusters_listed) + ' listed)' : ''));
    var list = document.getElementById('cluster-list');
    clear(list);
    var frag = document.createDocumentFragment();
    filtered.slice(0, listShown).forEach(function (e) { frag.appendChild(listItem(e)); });
    list.appendChild(frag);
    var more = document.getElementById('list-more');
    clear(more);
    if (filtered.length > listShown) {
      append(more, h('button', {
        class: 'button',
        onclick: function () { listShown += LIST_PAGE; renderList(); }
      }, 'Show ' + fmtInt(Math.min(LIST_PAGE, filtered.length - listShown)) + ' more (' +
         fmtInt(filtered.length - listShown) + ' not shown)'));
    }
    if (!query && s.clusters_listed < s.clusters) {
      append(more, h('p', { class: 'list-note' },
        fmtInt(s.clusters - s.clusters_listed) + ' smaller clusters are not in this report ' +
        '(it lists at most ' + fmtInt(s.limits.max_clusters_listed) + '). ' +
        'doppel scan --clusters FILE writes them all.'));
    }
    if (query && filtered.length === 0) {
      append(more, h('p', { class: 'list-note' }, 'No cluster has a document whose id or text contains this.'));
    }
  }

  function listItem(e) {
    var chips = Object.keys(e.relations).map(function (r) {
      return relationChip(r, h('b', null, fmtInt(e.relations[r])));
    });
    var found = matches.get(e.id);
    var matchLine = null;
    if (found) {
      var data = clusterData(e.id);
      var names = found.slice(0, 2).map(function (k) { return data.members[k].id; });
      matchLine = h('div', { class: 'ci-match' }, 'match: ', h('mark', null, names.join(', ')),
                    found.length > 2 ? ' and ' + fmtInt(found.length - 2) + ' more' : '');
    }
    return h('li', { class: 'cluster-item' + (e.id === currentId ? ' active' : ''), 'data-cluster': e.id },
      h('a', { href: '#cluster-' + e.id },
        h('div', { class: 'ci-head' },
          h('span', { class: 'ci-id' }, 'Cluster ' + e.id),
          e.texts ? null : h('span', { class: 'chip muted', title: 'texts not embedded' }, 'ids only'),
          h('span', { class: 'ci-size' }, plural(e.size, 'document'))),
        h('div', { class: 'ci-title' }, e.title || '(empty)'),
        h('div', { class: 'ci-orig', title: 'original' }, '◆ ' + e.original),
        h('div', { class: 'ci-chips' }, chips),
        matchLine));
  }

  function markActive() {
    document.querySelectorAll('.cluster-item').forEach(function (li) {
      li.classList.toggle('active', Number(li.getAttribute('data-cluster')) === currentId);
    });
  }

  // ---------------------------------------------------------------- overview
  function renderOverview(view) {
    var s = index.summary;
    var stats = [
      [fmtInt(s.documents_read), 'documents read'],
      [fmtInt(s.documents_skipped), 'documents skipped'],
      [fmtInt(s.clusters), 'clusters'],
      [fmtInt(s.documents_in_clusters), 'documents in clusters'],
      [fmtInt(s.pairs), 'verified pairs'],
      [fmtBytes(s.bytes_removed), 'removed by cleaning']
    ];
    var relRows = Object.keys(s.pairs_by_relation).map(function (r) {
      return h('tr', null, h('td', null, relationChip(r)), h('td', { class: 'num' }, fmtInt(s.pairs_by_relation[r])));
    });
    var notes = [];
    if (s.clusters_listed < s.clusters) {
      notes.push('The report lists the ' + fmtInt(s.clusters_listed) + ' largest of ' + fmtInt(s.clusters) +
                 ' clusters (limit: ' + fmtInt(s.limits.max_clusters_listed) + ').');
    }
    if (s.clusters_with_texts < s.clusters_listed) {
      notes.push('Texts and comparisons are embedded for the ' + fmtInt(s.clusters_with_texts) +
                 ' largest clusters; the other ' + fmtInt(s.clusters_listed - s.clusters_with_texts) +
                 ' are listed with ids, relations and scores only (' +
                 (s.text_budget_reached
                   ? 'the ' + fmtBytes(s.limits.max_total_text_bytes) + ' budget for embedded text was reached'
                   : 'limit: ' + fmtInt(s.limits.max_clusters_with_texts) + ' clusters with texts') + ').');
    }
    var issues = null;
    if (index.issues_total > 0) {
      issues = h('div', { class: 'card flush overview' },
        h('h3', null, 'Input issues (' + fmtInt(index.issues_total) + ')'),
        h('div', { class: 'table-wrap' }, h('table', { class: 'grid issues' },
          h('thead', null, h('tr', null, h('th', null, 'Where'), h('th', null, 'Issue'), h('th', null, 'Detail'), h('th', null, 'Document'))),
          h('tbody', null, index.issues.map(function (i) {
            return h('tr', null, h('td', { class: 'id' }, i.where), h('td', null, i.kind), h('td', null, i.detail),
                     h('td', null, i.skipped ? 'skipped' : 'kept'));
          })))),
        index.issues_total > index.issues.length
          ? h('p', { class: 'note', style: 'padding: 8px 18px' }, fmtInt(index.issues_total - index.issues.length) +
              ' more not listed; doppel scan --issues FILE writes them all.')
          : null);
    }
    append(view, [
      h('div', { class: 'cluster-head' }, h('div', { class: 'titles' },
        h('div', { class: 'kicker' }, 'doppel ' + index.doppel_version + ' · scan report'),
        h('h2', null, index.title))),
      h('div', { class: 'card' }, h('div', { class: 'stats' }, stats.map(function (st) {
        return h('div', { class: 'stat' }, h('div', { class: 'value' }, st[0]), h('div', { class: 'label' }, st[1]));
      }))),
      notes.length ? h('div', { class: 'card' }, notes.map(function (n) { return h('p', { class: 'note' }, n); })) : null,
      relRows.length ? h('div', { class: 'card flush narrow' }, h('h3', null, 'Verified pairs by relation'),
        h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
          h('thead', null, h('tr', null, h('th', null, 'Relation'), h('th', { class: 'num' }, 'Pairs'))),
          h('tbody', null, relRows)))) : null,
      entries.length
        ? h('p', { class: 'note' }, 'Pick a cluster on the left, or search by document id or text (press ',
            h('span', { class: 'kbd' }, '/'), '). ', h('span', { class: 'kbd' }, 'j'), ' and ',
            h('span', { class: 'kbd' }, 'k'), ' step through the clusters.')
        : h('p', { class: 'empty' }, 'No copies were found: there are no clusters to show.'),
      issues
    ]);
  }

  // ---------------------------------------------------------------- cluster view
  function featuresText(features) {
    if (!features) return '';
    return Object.keys(features).map(function (k) {
      var v = features[k];
      return k.replace(/_/g, ' ') + ' ' + (Number.isInteger(v) ? fmtInt(v) : fmtScore(v));
    }).join(' · ');
  }

  function defaultMember(data) {
    for (var k = 1; k < data.members.length; k++) {
      if (data.members[k].text !== undefined) return k;
    }
    return 0;
  }

  function renderCluster(view, id, memberIndex) {
    var e = entryById.get(id);
    var data = clusterData(id);
    if (!e || !data) {
      append(view, h('p', { class: 'empty' }, 'Cluster ' + id + ' is not in this report.'));
      return;
    }
    if (memberIndex === null || !(memberIndex >= 0 && memberIndex < data.members.length)) {
      memberIndex = defaultMember(data);
    }
    var original = data.members[0];
    var at = filtered.indexOf(e);
    var prev = at > 0 ? filtered[at - 1] : null;
    var next = at >= 0 && at + 1 < filtered.length ? filtered[at + 1] : null;
    var sameStory = entries.filter(function (o) { return o.story === e.story && o.id !== e.id; });

    append(view, h('div', { class: 'cluster-head' },
      h('div', { class: 'titles' },
        h('div', { class: 'kicker' }, 'Cluster ' + e.id + ' · ' + plural(e.size, 'document') +
          (sameStory.length ? ' · story ' + e.story : '')),
        h('h2', { id: 'cluster-title' }, e.title || '(empty)'),
        h('div', { class: 'facts-line' },
          h('span', null, 'Original ', h('b', { class: 'mono' }, original.id)),
          h('span', null, 'confidence ', h('b', null, data.original_confidence > 0 && data.original_confidence < 0.005
            ? '< 0.01' : fmtScore(data.original_confidence))),
          data.original_reasons.length ? h('span', null, data.original_reasons.join('; ')) : null),
        h('div', { class: 'ci-chips', style: 'margin-top: 8px' }, Object.keys(e.relations).map(function (r) {
          return relationChip(r, h('b', null, fmtInt(e.relations[r])));
        }))),
      h('div', { class: 'nav' },
        h('a', { class: 'button', href: prev ? '#cluster-' + prev.id : null, 'aria-disabled': prev ? null : 'true', title: 'previous cluster (k)' }, '← Prev'),
        h('a', { class: 'button', href: next ? '#cluster-' + next.id : null, 'aria-disabled': next ? null : 'true', title: 'next cluster (j)' }, 'Next →'))));

    if (!data.texts) {
      var s = index.summary;
      append(view, h('p', { class: 'note warn' }, 'The texts of this cluster are not embedded: the report carries texts ' +
        'for the ' + fmtInt(s.clusters_with_texts) + ' largest clusters only (' +
        (s.text_budget_reached ? 'embedded text budget of ' + fmtBytes(s.limits.max_total_text_bytes) + ' reached'
                               : 'limit: ' + fmtInt(s.limits.max_clusters_with_texts) + ' clusters') + ').'));
    }
    var matched = new Set(matches.get(id) || []);
    append(view, membersCard(id, data, memberIndex, matched));
    if (data.texts) append(view, compareCard(data, memberIndex));
    append(view, pairsCard(data));
    if (sameStory.length) {
      append(view, h('div', { class: 'card' }, h('h3', null, 'Other clusters of the same story'),
        h('div', { class: 'ci-chips' }, sameStory.map(function (o) {
          return h('a', { href: '#cluster-' + o.id, class: 'chip rel-same_story' }, 'Cluster ' + o.id + ': ' + o.title);
        }))));
    }
  }

  var MEMBER_ROWS = 200;

  function membersCard(id, data, selected, matched) {
    function row(m, k) {
      var hasText = m.text !== undefined;
      var rel = m.original ? relationChip('original') : relationChip(m.relation);
      var via = m.via ? h('div', { class: 'note' }, 'via ', h('span', { class: 'mono' }, m.via)) : null;
      var selectable = hasText && k > 0;
      // The source line only when it says more than the id (JSONL lines, paths).
      var where = !m.where || m.where === m.id || m.where.endsWith('/' + m.id) ? '' : m.where;
      var evidence = featuresText(m.features);
      return h('tr', {
        class: [selectable ? 'selectable' : '', k === selected && k > 0 ? 'selected' : '', hasText ? '' : 'no-text'].join(' ').trim() || null,
        'data-member': k,
        title: hasText ? (k > 0 ? 'compare with the original' : null) : 'text not embedded in this report',
        onclick: selectable ? function () { location.hash = '#cluster-' + id + '/' + k; } : null
      },
        h('td', { class: 'doc' },
          h('div', { class: 'id' }, m.id, matched.has(k) ? h('span', { class: 'search-hit', title: 'matches the search' }) : null),
          where || m.time ? h('div', { class: 'where' }, [where, m.time].filter(Boolean).join(' · ')) : null),
        h('td', null, rel, via),
        h('td', { class: 'num' }, m.original ? '' : fmtScore(m.score)),
        h('td', { class: 'evidence', title: evidence || null }, evidence),
        h('td', { class: 'num' }, fmtBytes(m.bytes)));
    }
    // Rows are drawn 200 at a time: a cluster can list thousands of members.
    var tbody = h('tbody');
    var drawn = 0;
    var moreRows = h('div', { style: 'padding: 8px 18px' });
    function drawRows(upTo) {
      var frag = document.createDocumentFragment();
      for (; drawn < Math.min(upTo, data.members.length); drawn++) frag.appendChild(row(data.members[drawn], drawn));
      tbody.appendChild(frag);
      clear(moreRows);
      if (drawn < data.members.length) {
        append(moreRows, h('button', { class: 'button', onclick: function () { drawRows(Infinity); } },
          'Show all ' + fmtInt(data.members.length) + ' listed members (' + fmtInt(data.members.length - drawn) + ' more)'));
      }
    }
    drawRows(Math.max(MEMBER_ROWS, selected + 1));
    var more = data.size - data.members_listed;
    return h('div', { class: 'card flush' },
      h('h3', null, 'Members (' + fmtInt(data.size) + ')'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'grid members' },
        h('thead', null, h('tr', null, ['Document', 'Relation to the original', 'Score', 'Evidence', 'Size'].map(function (t) {
          return h('th', null, t);
        }))),
        tbody)),
      moreRows,
      more > 0 ? h('p', { class: 'note', style: 'padding: 8px 18px' }, fmtInt(more) + ' more members are not listed (the report lists ' +
        fmtInt(index.summary.limits.max_members_listed) + ' a cluster).') : null);
  }

  function pairsCard(data) {
    if (!data.pairs.length) return null;
    var more = data.pairs_total - data.pairs.length;
    return h('div', { class: 'card flush' },
      h('h3', null, 'Verified pairs in this cluster (' + fmtInt(data.pairs_total) + ')'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'grid pairs' },
        h('thead', null, h('tr', null, ['Document a', 'Document b', 'Relation', 'Score', 'Evidence'].map(function (t) {
          return h('th', null, t);
        }))),
        h('tbody', null, data.pairs.map(function (p) {
          return h('tr', null, h('td', { class: 'id' }, p.a), h('td', { class: 'id' }, p.b), h('td', null, relationChip(p.relation)),
                   h('td', { class: 'num' }, fmtScore(p.score)), h('td', { class: 'evidence' }, featuresText(p.features)));
        })))),
      more > 0 ? h('p', { class: 'note', style: 'padding: 8px 18px' }, fmtInt(more) + ' more pairs are not listed.') : null);
  }

  // ---------------------------------------------------------------- comparison
  function compareCard(data, k, selfCheck) {
    var original = data.members[0];
    var member = data.members[k];
    var card = h('div', { class: 'card compare', id: 'compare' });
    if (k === 0) {
      append(card, h('h3', null, 'Original'),
             h('p', { class: 'note' }, 'This cluster lists no other member with an embedded text.'),
             h('div', { class: 'panes', style: 'grid-template-columns: 1fr' }, pane('Original', original, [], selfCheck)));
      return card;
    }
    var cmp = member.compare;
    var head = h('div', { class: 'compare-head' },
      h('h3', null, 'Side by side: original and ', h('span', { class: 'mono' }, member.id)));
    append(card, head);
    var aMarks = [];
    var bMarks = [];
    if (!cmp) {
      append(card, h('p', { class: 'note warn' }, member.compare_error
        ? 'The comparison failed: ' + member.compare_error
        : 'This report was written without comparisons; the two texts are shown unaligned.'));
    } else {
      aMarks = comparisonMarks(cmp, 'a');
      bMarks = comparisonMarks(cmp, 'b');
      var counts = {};
      cmp.alignments.forEach(function (al) { counts[al.kind] = (counts[al.kind] || 0) + 1; });
      var moved = cmp.alignments.filter(function (al) { return al.moved; }).length;
      append(head, relationChip(cmp.relation, cmp.relation !== 'unrelated' ? h('b', null, fmtScore(cmp.score)) : null),
        h('span', { class: 'note' }, [
          counts.verbatim ? plural(counts.verbatim, 'verbatim sentence') : null,
          counts.paraphrase ? plural(counts.paraphrase, 'paraphrase') : null,
          counts.merged ? plural(counts.merged, 'merge') : null,
          counts.added ? fmtInt(counts.added) + ' added' : null,
          counts.dropped ? fmtInt(counts.dropped) + ' dropped' : null,
          moved ? fmtInt(moved) + ' moved' : null,
          plural(cmp.facts.length, 'changed fact'),
          cmp.a_removed.length + cmp.b_removed.length
            ? plural(cmp.a_removed.length + cmp.b_removed.length, 'removed span') : null
        ].filter(Boolean).join(' · ')));
      append(card, legend());
      if (cmp.facts.length) {
        append(card, h('div', { class: 'facts-caption' }, 'Changed facts: the original’s wording struck, the copy’s after the arrow ' +
          '(in the reasons, a is the original and b the copy). Click one to find it in the texts.'));
        append(card, factList(cmp, original, member));
      }
    }
    var panes = h('div', { class: 'panes' },
      pane('Original', original, aMarks, selfCheck),
      pane('Copy', member, bMarks, selfCheck));
    append(card, panes);
    linkPanes(card);
    return card;
  }

  function legend() {
    var items = [
      ['var(--al-verbatim)', 'verbatim'],
      ['var(--al-paraphrase)', 'paraphrased'],
      ['var(--al-merged)', 'merged or split'],
      ['var(--al-added)', 'only in the copy'],
      ['var(--al-dropped)', 'only in the original']
    ].map(function (it) {
      return h('span', null, h('span', { class: 'sw', style: 'background:' + it[0] }), it[1]);
    });
    items.push(h('span', null, h('span', { class: 'seg removed', style: 'padding: 0 4px; margin-right: 5px' }, 'text'), 'removed by cleaning'));
    items.push(h('span', null, h('span', { class: 'seg fact', style: 'margin-right: 5px' }, 'fact'), 'changed fact'));
    items.push(h('span', null, h('span', { class: 'seg moved', style: 'margin-right: 5px' }, 'moved'), 'moved'));
    items.push(h('span', null, 'hover or click a sentence to see its counterpart'));
    return h('div', { class: 'legend' }, items);
  }

  function factList(cmp, original, member) {
    return h('ol', { class: 'facts' }, cmp.facts.map(function (f, i) {
      var a = spanText(original.text, f.a);
      var b = spanText(member.text, f.b);
      return h('li', { 'data-fact': i, title: 'show in the texts' },
        h('span', { class: 'fact-no' }, String(i + 1)),
        h('span', { class: 'chip fact' }, f.kind.replace(/_/g, ' ')),
        h('span', { class: 'fact-quote' },
          a !== null ? h('del', null, '“' + a + '”') : null,
          a !== null && b !== null ? ' → ' : null,
          b !== null ? h('ins', null, '“' + b + '”') : null),
        h('span', { class: 'note' }, f.reason));
    }));
  }

  function pane(label, member, marks, selfCheck) {
    var textEl = h('div', { class: 'pane-text', 'data-side': label === 'Original' ? 'a' : 'b' });
    var shownBytes = member.cut !== undefined ? member.cut : member.bytes;
    if (member.text !== undefined) {
      textEl.appendChild(renderAnnotated(member.text, marks, { query: query, selfCheck: !!selfCheck, textBytes: shownBytes }));
    }
    return h('section', { class: 'pane' },
      h('div', { class: 'pane-head' }, h('b', null, label), h('span', { class: 'id', title: member.id }, member.id),
        member.relation ? relationChip(member.relation) : null,
        h('span', { class: 'meta' }, fmtBytes(member.bytes))),
      textEl,
      member.cut !== undefined ? h('div', { class: 'pane-foot' }, 'Text cut after ' + fmtBytes(member.cut) + ' of ' +
        fmtBytes(member.bytes) + ' (the report embeds at most ' + fmtBytes(index.summary.limits.max_text_bytes) + ' a document).') : null);
  }

  // Hovering a sentence highlights it and its counterparts; clicking pins the highlight
  // and scrolls the other text to the counterpart.
  function linkPanes(card) {
    var hovered = null;
    var pinned = null;
    function setClass(al, cls, on) {
      if (al === null) return;
      card.querySelectorAll('.seg[data-al="' + al + '"]').forEach(function (el) { el.classList.toggle(cls, on); });
    }
    function scrollTo(side, selector) {
      var paneText = card.querySelector('.pane-text[data-side="' + side + '"]');
      var target = paneText && paneText.querySelector(selector);
      if (target) paneText.scrollTop = Math.max(0, target.offsetTop - paneText.clientHeight / 3);
      return target;
    }
    card.addEventListener('mouseover', function (event) {
      var seg = event.target.closest && event.target.closest('.seg[data-al]');
      var al = seg ? seg.getAttribute('data-al') : null;
      if (al === hovered) return;
      setClass(hovered, 'hl', false);
      hovered = al;
      setClass(hovered, 'hl', true);
    });
    card.addEventListener('mouseleave', function () {
      setClass(hovered, 'hl', false);
      hovered = null;
    });
    card.addEventListener('click', function (event) {
      var factEl = event.target.closest && event.target.closest('[data-fact]');
      if (factEl) {
        var f = factEl.getAttribute('data-fact');
        ['a', 'b'].forEach(function (side) {
          var sel = '.seg[data-facts~="' + f + '"]';
          var target = scrollTo(side, sel);
          if (target) {
            card.querySelectorAll('.pane-text[data-side="' + side + '"] ' + sel).forEach(function (el) {
              el.classList.remove('flash');
              void el.offsetWidth;  // restart the animation
              el.classList.add('flash');
            });
          }
        });
        return;
      }
      var seg = event.target.closest && event.target.closest('.seg[data-al]');
      if (!seg) return;
      var al = seg.getAttribute('data-al');
      setClass(pinned, 'pinned', false);
      pinned = pinned === al ? null : al;
      setClass(pinned, 'pinned', true);
      if (pinned !== null) {
        var side = seg.closest('.pane-text').getAttribute('data-side');
        scrollTo(side === 'a' ? 'b' : 'a', '.seg[data-al="' + al + '"]');
      }
    });
  }

  // ---------------------------------------------------------------- routing
  function parseHash() {
    var m = /^#cluster-(\d+)(?:\/(\d+))?$/.exec(location.hash);
    if (!m) return null;
    return { id: Number(m[1]), member: m[2] !== undefined ? Number(m[2]) : null };
  }
  var lastRoute = null;
  function route() {
    var view = document.getElementById('view');
    var r = parseHash();
    var key = (r ? r.id + '/' + r.member : '') + '|' + query;
    var clusterChanged = !lastRoute || lastRoute.split('/')[0] !== key.split('/')[0];
    lastRoute = key;
    var keepScroll = view.scrollTop;
    clear(view);
    currentId = r ? r.id : null;
    markActive();
    if (!r) {
      document.title = index.title;
      renderOverview(view);
    } else {
      var e = entryById.get(r.id);
      document.title = 'Cluster ' + r.id + (e ? ': ' + e.title : '') + ' · ' + index.title;
      renderCluster(view, r.id, r.member);
      var active = document.querySelector('.cluster-item.active');
      if (active && clusterChanged) active.scrollIntoView({ block: 'nearest' });
    }
    view.scrollTop = clusterChanged ? 0 : keepScroll;
  }

  function step(delta) {
    var r = parseHash();
    var at = r ? filtered.indexOf(entryById.get(r.id)) : -1;
    var next = filtered[Math.min(filtered.length - 1, Math.max(0, at + delta))];
    if (next) location.hash = '#cluster-' + next.id;
  }

  // ---------------------------------------------------------------- self check
  // ?selfcheck: renders every embedded comparison off-screen and checks, for every
  // piece of text, that the string the page shows is exactly the UTF-8 byte range the
  // data names; checks the embedded texts' byte lengths; writes the result into
  // #doppel-selfcheck for tests to read.
  function selfCheck() {
    var failures = [];
    var checked = 0;
    var encoder = new TextEncoder();
    var decoder = new TextDecoder();
    function expect(cond, what) {
      if (!cond) failures.push(what);
    }
    var probe = 'aé😀中\u2028b';
    var m = byteOffsetsToIndices(probe, [0, 1, 3, 7, 10, 13, 14, 99]);
    expect([0, 1, 3, 7, 10, 13, 14, 99].map(function (b) { return m.get(b); }).join() === '0,1,2,4,5,6,7,7',
           'byteOffsetsToIndices probe');
    var texts = 0;
    entries.forEach(function (e) {
      var data = clusterData(e.id);
      expect(data && data.id === e.id, 'cluster ' + e.id + ' data');
      if (!data || !data.texts) return;
      data.members.forEach(function (member, k) {
        if (member.text === undefined) return;
        texts++;
        var shown = member.cut !== undefined ? member.cut : member.bytes;
        expect(encoder.encode(member.text).length === shown, member.id + ': text is ' + shown + ' bytes');
        if (k === 0) return;
        var card = compareCard(data, k, true);
        card.querySelectorAll('.pane-text').forEach(function (paneText) {
          var owner = paneText.getAttribute('data-side') === 'a' ? data.members[0] : member;
          var bytes = encoder.encode(owner.text);
          paneText.querySelectorAll('.seg[data-bytes]').forEach(function (seg) {
            var range = seg.getAttribute('data-bytes').split('-').map(Number);
            var want = decoder.decode(bytes.subarray(range[0], range[1]));
            checked++;
            if (seg.textContent !== want) {
              failures.push(owner.id + ' bytes ' + range.join('-') + ': shows ' + JSON.stringify(seg.textContent) +
                            ', data says ' + JSON.stringify(want));
            }
          });
        });
      });
    });
    // Linked highlights in the live view: hovering a sentence of the original must light
    // up its counterpart in the copy, and clicking must pin both.
    var linked = 'none';
    var live = document.getElementById('compare');
    var paneA = live && live.querySelector('.pane-text[data-side="a"]');
    var paneB = live && live.querySelector('.pane-text[data-side="b"]');
    var probeSeg = null;
    if (paneA && paneB) {
      probeSeg = Array.prototype.find.call(paneA.querySelectorAll('.seg[data-al]'), function (seg) {
        return paneB.querySelector('.seg[data-al="' + seg.getAttribute('data-al') + '"]') !== null;
      });
    }
    if (probeSeg) {
      var al = probeSeg.getAttribute('data-al');
      probeSeg.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      var lit = paneB.querySelectorAll('.seg.hl[data-al="' + al + '"]').length;
      var stray = live.querySelectorAll('.seg.hl:not([data-al="' + al + '"])').length;
      probeSeg.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      var pinned = paneB.querySelectorAll('.seg.pinned[data-al="' + al + '"]').length;
      expect(lit > 0 && stray === 0, 'hovering alignment ' + al + ' lit ' + lit + ' counterpart(s), ' + stray + ' others');
      expect(pinned > 0, 'clicking alignment ' + al + ' pinned ' + pinned + ' counterpart(s)');
      linked = lit > 0 && stray === 0 && pinned > 0 ? 'ok' : 'fail';
      probeSeg.dispatchEvent(new MouseEvent('click', { bubbles: true }));  // unpin
    }
    var out = h('pre', { id: 'doppel-selfcheck', 'data-status': failures.length ? 'fail' : 'ok' },
      'selfcheck: ' + (failures.length ? 'FAIL' : 'ok') + ' texts=' + texts + ' segments=' + checked +
      ' linked=' + linked +
      (failures.length ? '\n' + failures.slice(0, 20).join('\n') : ''));
    document.body.appendChild(out);
  }

  // ---------------------------------------------------------------- start
  document.getElementById('page-title').textContent = index.title;
  var search = document.getElementById('search');
  var timer = null;
  search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { runSearch(search.value); }, 150);
  });
  search.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      search.value = '';
      runSearch('');
      search.blur();
    } else if (event.key === 'Enter') {
      clearTimeout(timer);
      runSearch(search.value);
      if (filtered.length) location.hash = '#cluster-' + filtered[0].id;
    }
  });
  document.addEventListener('keydown', function (event) {
    if (event.target === search || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === '/') {
      event.preventDefault();
      search.focus();
    } else if (event.key === 'j') {
      step(1);
    } else if (event.key === 'k') {
      step(-1);
    }
  });
  window.addEventListener('hashchange', route);
  // report.html?q=words opens with that search, so a search can be shared as a link.
  var initialQuery = new URLSearchParams(location.search).get('q');
  if (initialQuery) {
    search.value = initialQuery;
    runSearch(initialQuery);
  } else {
    renderList();
    route();
  }
  if (/[?&]selfcheck\b/.test(location.search)) selfCheck();
  document.documentElement.setAttribute('data-ready', '1');
})();
