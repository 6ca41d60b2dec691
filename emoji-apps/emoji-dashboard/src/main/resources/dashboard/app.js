// The live dashboard: plain JS, no build. Receives max-merged window counts over SSE (/events);
// the browser's EventSource resends Last-Event-ID on reconnect, and the server resumes from it.
// Counts come batched: one 'updates' event per server batch, {"counts":[…],"sentiments":[…]}:
// the changed counts (output contract, max-merged) and the sentiment of each changed room and
// window (computed by the server with core's WindowSentiment: this page only displays them).
// 'alert' events are shown as banners.
(function () {
  'use strict';
  const counts = new Map(); // "room|start|emoji" -> {room, start, end, emoji, count, scaled}
  const rooms = new Set();
  const colors = ['#f28b82', '#fbbc04', '#34a853', '#8ab4f8', '#c58af9'];
  const $ = (id) => document.getElementById(id);
  const sentiments = new Map(); // "room|start" -> {room, start, end, sentiment (number|null), unscored, reactions}
  const dismissed = new Set(); // alert ids closed by the user
  const shownAlerts = new Set();
  let dirty = false;

  function selectedRoom() { return $('room').value; }
  function inRoom(c) { const r = selectedRoom(); return r === '*' || c.room === r; }

  function addRoom(room) {
    if (rooms.has(room)) return;
    rooms.add(room);
    const opt = document.createElement('option');
    opt.value = room; opt.textContent = room;
    $('room').appendChild(opt);
  }

  function onUpdate(msg) {
    const start = Date.parse(msg.window_start);
    const key = msg.room + '|' + start + '|' + msg.emoji;
    const old = counts.get(key);
    if (old && old.count >= msg.reaction_count) return; // max-merge: counts only grow
    const c = { room: msg.room, start: start, end: Date.parse(msg.window_end), emoji: msg.emoji,
                count: msg.reaction_count, scaled: msg.scaled_reactions };
    counts.set(key, c);
    addRoom(c.room);
    if (inRoom(c)) float(c.emoji, c.scaled - (old ? old.scaled : 0));
    dirty = true;
  }

  function onSentiment(msg) {
    const start = Date.parse(msg.window_start);
    sentiments.set(msg.room + '|' + start, { room: msg.room, start: start, end: Date.parse(msg.window_end),
      sentiment: msg.sentiment, unscored: msg.unscored_share, reactions: msg.reactions });
    addRoom(msg.room);
    dirty = true;
  }

  // A signed score to 3 decimals; the exact value stays in data-sentiment.
  function fmtScore(v) { return v === null ? 'n/a' : (v > 0 ? '+' : '') + v.toFixed(3); }

  function renderSentiment() {
    const byRoom = new Map(); // room -> entries sorted by start
    for (const s of sentiments.values()) {
      if (!inRoom(s)) continue;
      if (!byRoom.has(s.room)) byRoom.set(s.room, []);
      byRoom.get(s.room).push(s);
    }
    const ns = 'http://www.w3.org/2000/svg';
    const items = [...byRoom.keys()].sort().map((room) => {
      const list = byRoom.get(room).sort((a, b) => a.start - b.start);
      const cur = list[list.length - 1];
      const li = document.createElement('li');
      li.dataset.room = room;
      li.dataset.sentiment = cur.sentiment === null ? '' : String(cur.sentiment);
      li.dataset.unscored = String(cur.unscored);
      li.innerHTML = '<span class="room"></span><span class="value"></span><span class="unscored"></span>';
      li.children[0].textContent = room;
      li.children[1].textContent = fmtScore(cur.sentiment);
      li.children[1].className = 'value ' + (cur.sentiment === null ? '' : cur.sentiment >= 0 ? 'pos' : 'neg');
      li.children[2].textContent = Math.round(cur.unscored * 100) + '% unscored';
      // The room's sentiment over the last minute: a line on a -1..1 scale.
      const svg = document.createElementNS(ns, 'svg');
      svg.setAttribute('viewBox', '0 0 120 24'); svg.setAttribute('class', 'spark');
      const from = cur.start - 60000;
      const pts = list.filter((s) => s.start >= from && s.sentiment !== null)
        .map((s) => (((s.start - from) / 60000) * 118 + 1).toFixed(1) + ',' + (12 - s.sentiment * 11).toFixed(1));
      const axis = document.createElementNS(ns, 'line');
      axis.setAttribute('x1', '0'); axis.setAttribute('x2', '120'); axis.setAttribute('y1', '12'); axis.setAttribute('y2', '12');
      axis.setAttribute('class', 'axis');
      const pl = document.createElementNS(ns, 'polyline');
      pl.setAttribute('points', pts.join(' ')); pl.setAttribute('fill', 'none');
      svg.append(axis, pl);
      li.appendChild(svg);
      return li;
    });
    $('sentiment').replaceChildren(...items);
  }

  function onAlert(a) {
    if (dismissed.has(a.id) || shownAlerts.has(a.id)) return;
    shownAlerts.add(a.id);
    const div = document.createElement('div');
    div.className = 'alert ' + a.kind;
    div.dataset.id = a.id;
    div.setAttribute('role', 'alert');
    const when = a.window_start.substring(11, 19) + ' UTC';
    const text = a.kind === 'spike'
      ? 'Spike of ' + a.emoji + ' in ' + a.room + ': ' + a.count + ' in the window of ' + when
        + ' (baseline ' + a.baseline + ', z ' + a.z + ')'
      : 'Sentiment swing in ' + a.room + ': ' + fmtScore(a.sentiment) + ' in the window of ' + when
        + ' (baseline ' + fmtScore(a.baseline) + ', z ' + a.z + ')';
    div.innerHTML = '<span class="text"></span><button type="button" class="dismiss" aria-label="dismiss">×</button>';
    div.children[0].textContent = '🚨 ' + text;
    div.children[1].addEventListener('click', () => { dismissed.add(a.id); div.remove(); });
    const box = $('alerts');
    box.prepend(div);
    while (box.childElementCount > 5) box.lastElementChild.remove();
  }

  function float(emoji, n) {
    const layer = $('floats');
    for (let i = 0; i < Math.min(Math.max(n, 0), 12) && layer.childElementCount < 150; i++) {
      const s = document.createElement('span');
      s.className = 'float'; s.textContent = emoji;
      s.style.left = (5 + Math.random() * 90) + 'vw';
      s.style.animationDelay = (Math.random() * 0.8) + 's';
      s.addEventListener('animationend', () => s.remove());
      layer.appendChild(s);
    }
  }

  function render() {
    if (!dirty) return;
    dirty = false;
    let newest = -Infinity;
    for (const c of counts.values()) if (inRoom(c) && c.start > newest) newest = c.start;
    // Drop what is older than two minutes behind the newest window.
    for (const [k, c] of counts) if (c.start < newest - 120000) counts.delete(k);
    for (const [k, s] of sentiments) if (s.start < newest - 120000) sentiments.delete(k);
    renderSentiment();
    const current = new Map();
    let end = newest;
    for (const c of counts.values()) {
      if (!inRoom(c) || c.start !== newest) continue;
      end = c.end;
      const agg = current.get(c.emoji) || { count: 0, scaled: 0 };
      agg.count += c.count; agg.scaled += c.scaled;
      current.set(c.emoji, agg);
    }
    const rows = [...current.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
    const tbody = $('counts').tBodies[0];
    tbody.replaceChildren(...rows.map(([emoji, a]) => {
      const tr = document.createElement('tr');
      tr.dataset.emoji = emoji;
      tr.innerHTML = '<td class="emoji"></td><td class="count"></td><td class="scaled"></td>';
      tr.children[0].textContent = emoji;
      tr.children[1].textContent = a.count;
      tr.children[2].textContent = a.scaled;
      return tr;
    }));
    $('total').textContent = rows.reduce((s, r) => s + r[1].count, 0);
    $('window').textContent = isFinite(newest)
      ? new Date(newest).toISOString().substring(11, 19) + '–' + new Date(end).toISOString().substring(11, 19) + ' UTC' : '–';
    drawChart(newest);
  }

  function drawChart(newest) {
    const svg = $('chart');
    if (!isFinite(newest)) { svg.replaceChildren(); return; }
    const from = newest - 60000;
    const series = new Map(); // emoji -> Map(start -> count)
    const totals = new Map();
    for (const c of counts.values()) {
      if (!inRoom(c) || c.start < from) continue;
      if (!series.has(c.emoji)) series.set(c.emoji, new Map());
      const m = series.get(c.emoji);
      m.set(c.start, (m.get(c.start) || 0) + c.count);
      totals.set(c.emoji, (totals.get(c.emoji) || 0) + c.count);
    }
    const top = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map((e) => e[0]);
    let max = 1;
    for (const e of top) for (const v of series.get(e).values()) max = Math.max(max, v);
    const ns = 'http://www.w3.org/2000/svg';
    const x = (t) => ((t - from) / 60000) * 590 + 5;
    const y = (v) => 230 - (v / max) * 220;
    const lines = top.map((emoji, i) => {
      const pts = [...series.get(emoji).entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => x(t).toFixed(1) + ',' + y(v).toFixed(1));
      const pl = document.createElementNS(ns, 'polyline');
      pl.setAttribute('points', pts.join(' '));
      pl.setAttribute('fill', 'none'); pl.setAttribute('stroke', colors[i]); pl.setAttribute('stroke-width', '2');
      pl.dataset.emoji = emoji;
      return pl;
    });
    svg.replaceChildren(...lines);
    $('legend').replaceChildren(...top.map((emoji, i) => {
      const s = document.createElement('span'); s.style.color = colors[i]; s.textContent = '▬ ' + emoji; return s;
    }));
  }

  function connect() {
    const source = new EventSource('events');
    source.onopen = () => { $('conn').textContent = 'live'; $('conn').className = 'conn live'; };
    source.onerror = () => { $('conn').textContent = 'reconnecting'; $('conn').className = 'conn reconnecting'; };
    source.addEventListener('updates', (e) => {
      if (e.lastEventId) $('last-id').textContent = e.lastEventId;
      const batch = JSON.parse(e.data);
      for (const c of batch.counts) onUpdate(c);
      for (const s of batch.sentiments) onSentiment(s);
    });
    source.addEventListener('alert', (e) => onAlert(JSON.parse(e.data)));
    // This browser fell behind: the server ends the stream, and EventSource reconnects with its
    // Last-Event-ID and gets what it missed.
    source.addEventListener('resync', () => { $('conn').textContent = 'catching up'; $('conn').className = 'conn reconnecting'; });
  }

  $('room').addEventListener('change', () => { dirty = true; render(); });
  setInterval(render, 250);
  connect();
})();
