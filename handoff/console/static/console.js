// Helpline console: live queue and live transcript over server-sent events.
// Loaded as a file (no inline script), so the page's Content-Security-Policy can forbid inline code.
// What this script fetches by itself never keeps the session alive (the server treats it as background);
// when the session ends (idle timeout, logout, account disabled) the page leaves for the login form, so
// a transcript does not stay on an unattended screen.
(function () {
  "use strict";

  var body = document.body;
  var queueRows = document.getElementById("queue-rows");
  var ticketPage = document.getElementById("ticket-page");
  var status = document.getElementById("live-status");
  var sound = document.getElementById("alert-sound");
  var baseTitle = document.title.replace(/^\(\d+\) Urgent · /, "").replace(/^\(!\) /, "");
  var refreshing = null;

  function toLogin() {
    window.location.assign("/console/login?next=" + encodeURIComponent(location.pathname + location.search));
  }

  function checked(r) {
    if (r.status === 401) { toLogin(); }
    return r.ok ? r : Promise.reject(r.status);
  }

  function alertStaff(text) {
    document.title = "(!) " + text + " · " + baseTitle;
    if (sound) {
      sound.currentTime = 0;
      var played = sound.play();
      if (played && played.catch) { played.catch(function () { /* autoplay refused until a click */ }); }
    }
  }

  function clearAlert() {
    if (document.visibilityState === "visible") { document.title = baseTitle; }
  }
  document.addEventListener("visibilitychange", clearAlert);
  window.addEventListener("focus", clearAlert);

  // Urgent tickets already seen, so one missed while reconnecting still rings once.
  var knownUrgent = {};
  function noteUrgentRows(ring) {
    if (!queueRows) { return; }
    // Not the "possible flood" lane: it rings once per episode (flood.alert), never per ticket.
    var rows = queueRows.querySelectorAll("tr.ticket.urgent:not(.flood)[data-status='queued']");
    Array.prototype.forEach.call(rows, function (row) {
      var id = row.dataset.ticketId;
      if (!knownUrgent[id] && ring) { alertStaff("Urgent ticket " + id); }
      knownUrgent[id] = true;
    });
  }
  noteUrgentRows(false);

  function refreshQueue() {
    if (!queueRows) { return; }
    if (refreshing) { return; }
    refreshing = fetch("/console/queue", { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return checked(r).text(); })
      .then(function (html) {
        // Server-rendered and escaped by Jinja; no user text is ever inserted by this script.
        var lane = document.getElementById("flood-lane");
        var laneOpen = lane ? lane.open : false;  // the collapsed flood lane stays as staff left it
        queueRows.innerHTML = html;
        lane = document.getElementById("flood-lane");
        if (lane) { lane.open = laneOpen; }
        noteUrgentRows(true);
      })
      .catch(function () { /* the next event or the reconnect refreshes again */ })
      .then(function () { refreshing = null; });
  }

  function appendLines(messages) {
    var list = document.getElementById("transcript");
    messages.forEach(function (m) {
      if (document.getElementById("m" + m.id)) { return; }
      var li = document.createElement("li");
      li.id = "m" + m.id;
      li.className = "line " + m.sender;
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = m.staff_name || m.sender;
      var when = document.createElement("time");
      when.textContent = m.at.substring(11, 19);
      var text = document.createElement("p");
      text.textContent = m.text;  // textContent: a user's message can never become markup
      li.appendChild(who);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(when);
      li.appendChild(text);
      list.appendChild(li);
      li.scrollIntoView({ block: "end" });
    });
  }

  function refreshTranscript() {
    var id = ticketPage.dataset.ticketId;
    var after = ticketPage.dataset.cursor || "0";
    fetch("/console/tickets/" + id + "/messages?after=" + after, {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    })
      .then(function (r) {
        if (r.status === 404) {  // claimed by a colleague or closed: no longer this agent's to read
          var changed = document.getElementById("changed");
          if (changed) { changed.hidden = false; }
        }
        return checked(r).json();
      })
      .then(function (data) {
        appendLines(data.messages);
        ticketPage.dataset.cursor = String(data.cursor);
      })
      .catch(function () { /* retried on the next event */ });
  }

  // Flood-lane events come by the hundred: the queue is refreshed for them at most every few seconds.
  var floodRefresh = null;
  function refreshQueueSoon() {
    if (floodRefresh) { return; }
    floodRefresh = window.setTimeout(function () { floodRefresh = null; refreshQueue(); }, 3000);
  }

  function onTicketEvent(kind, event) {
    var t = event.ticket || {};
    if (kind === "flood.alert") {
      var flood = document.getElementById("flood-alert");
      if (body.dataset.role === "supervisor" || body.dataset.role === "admin") {
        alertStaff("Possible flood");
        if (flood) { flood.hidden = false; }
      }
      refreshQueueSoon();
      return;
    }
    if (t.flood && !(ticketPage && String(t.id) === ticketPage.dataset.ticketId)) {
      refreshQueueSoon();
      return;
    }
    if (kind === "ticket.queued" && t.urgent) {
      alertStaff("Urgent ticket " + t.id);
      knownUrgent[String(t.id)] = true;
    }
    if (kind === "ticket.escalated") {
      alertStaff("Escalated ticket " + t.id);
      var banner = document.getElementById("escalation");
      if (banner && (body.dataset.role === "supervisor" || body.dataset.role === "admin")) { banner.hidden = false; }
    }
    refreshQueue();
    if (ticketPage && String(t.id) === ticketPage.dataset.ticketId) {
      if (kind === "message.in" || kind === "message.out") {
        refreshTranscript();
        if (kind === "message.in" && document.visibilityState !== "visible") { alertStaff("New message"); }
      } else if (kind !== "note.added" &&
                 !(kind === "ticket.claimed" && String(t.assignee_id) === body.dataset.staffId)) {
        var changed = document.getElementById("changed");
        if (changed) { changed.hidden = false; }
      }
    }
  }

  // Actions that close a ticket in one click (False alarm) ask first; the queue rows are re-rendered
  // live, so the listener sits on the document.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var question = form && form.dataset ? form.dataset.confirm : null;
    if (question && !window.confirm(question)) { e.preventDefault(); }
  });

  var canned = document.getElementById("canned");
  if (canned) {
    canned.addEventListener("change", function () {
      var option = canned.options[canned.selectedIndex];
      var text = option && option.dataset.text;
      if (text) { document.getElementById("reply-text").value = text; }
    });
  }

  if (!window.EventSource) { return; }
  var kinds = ["ticket.queued", "ticket.claimed", "ticket.closed", "ticket.transferred",
               "ticket.escalated", "message.in", "message.out", "note.added", "flood.alert"];

  function connect() {
    var source = new EventSource("/console/events");
    kinds.forEach(function (kind) {
      source.addEventListener(kind, function (e) { onTicketEvent(kind, JSON.parse(e.data)); });
    });
    source.addEventListener("hello", function () {
      if (status) { status.textContent = "live"; status.className = "live-status on"; }
      refreshQueue();  // catch up on anything missed while reconnecting
      if (ticketPage) { refreshTranscript(); }
    });
    source.addEventListener("resync", function () { refreshQueue(); });
    source.addEventListener("session.ended", function () { source.close(); toLogin(); });
    source.onerror = function () {
      if (status) { status.textContent = "reconnecting…"; status.className = "live-status off"; }
      if (source.readyState !== EventSource.CLOSED) { return; }  // the browser retries by itself
      // Refused (e.g. 401 after the session ended while offline): find out why, without counting
      // as activity, then log in again or try once more in a few seconds.
      fetch("/console/queue.json", { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(checked)
        .catch(function () { /* down: try again below */ })
        .then(function () { window.setTimeout(connect, 5000); });
    };
  }
  connect();
})();
