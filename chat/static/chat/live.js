/* Live chat: upgrades the server-rendered chat page to live updates over a WebSocket.
 *
 * Without this script the page still works: every button is a form that posts.
 * With it, the same forms are sent as frames (docs/chat-protocol.md), and events
 * are applied in sequence order. Events from two server processes may arrive out
 * of order, so a gap is given a moment to fill before the page asks the server for
 * exactly the missing numbers; a reconnect asks for everything after the last event
 * applied. Nothing is lost or applied twice. A heartbeat and the browser's
 * offline/online events tell the reader at once when the connection is gone.
 * Members' text is always set as text, never as HTML.
 */
(function () {
  "use strict";
  // The reader's language, from Django's JavaScript catalogue (/jsi18n/, loaded by base.html before this
  // script); English as written here if the catalogue failed to load.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, count) { return count === 1 ? one : many; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, name) { return values[name]; });
  };
  function format(text, values) { return interpolate(text, values, true); }
  var root = document.getElementById("live-chat");
  if (!root || !("WebSocket" in window) || root.dataset.status === "closed") return;

  var HEARTBEAT_MS = 10000;   // ping when nothing has been heard for this long…
  var PONG_WAIT_MS = 5000;    // …and count the connection lost if nothing comes back within this
  var GAP_WAIT_MS = 1500;     // how long a missing sequence number may take to arrive by itself
  var FINAL_CODES = { 4401: "signed_out", 4403: "not_available", 4404: "not_available" };

  var strings = JSON.parse((document.getElementById("chat-strings") || {}).textContent || "{}");
  var lastSeq = parseInt(root.dataset.seq, 10) || 0;
  var buffered = new Map();
  var outbox = new Map();
  var socket = null;
  var attempts = 0;
  var resuming = false;
  var stopped = false;
  var gapTimer = null;
  var retryTimer = null;
  var lastHeard = 0;
  var pingSentAt = 0;
  var you = {
    moderate: root.dataset.moderate === "1",
    answer: root.dataset.answer === "1",
    take_part: root.dataset.takePart === "1",
    run: root.dataset.run === "1",
    muted: root.dataset.muted === "1",
  };
  var INT_FIELDS = ["question", "message", "into", "minutes", "poll", "option"];
  var presenter = root.dataset.presenter === "1";
  // Events that change what the presenter view shows: it fetches its board again after any of them.
  var BOARD_KINDS = ["approved", "votes", "answer", "removed", "merged", "edited", "answering", "state"];
  var boardTimer = null;
  var boardAsked = 0;
  var $ = function (id) { return document.getElementById(id); };
  var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var timeFormat = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: root.dataset.timeZone || undefined,
  });

  function t(key, values) {
    var text = strings[key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.replace("%(" + name + ")s", values[name]); });
    return text;
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function say(id, text) {
    var el = $(id);
    if (!el) return;
    el.textContent = text;
    el.hidden = !text;
  }

  function setConnection(text) {
    var line = $("chat-live-line");
    if (line) line.hidden = false;
    say("chat-connection", text);
  }

  // Connection ------------------------------------------------------------------

  // Milliseconds before reconnect number `attempt`: doubling from 0.5 s up to 30 s, each somewhere between
  // half and all of that, so the readers a restart dropped together do not all come back at once.
  function backoff(attempt) {
    var ceiling = Math.min(30000, 500 * Math.pow(2, attempt));
    return Math.round(ceiling / 2 + Math.random() * ceiling / 2);
  }

  function connect() {
    retryTimer = null;
    if (stopped || socket) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var opened = new WebSocket(scheme + location.host + root.dataset.ws);
    socket = opened;
    opened.onopen = function () {
      attempts = 0;
      lastHeard = Date.now();
      pingSentAt = 0;
      setConnection(t("connected"));
      resuming = false;
      requestMissing(true);
      outbox.forEach(function (frame) { opened.send(JSON.stringify(frame)); });
    };
    opened.onmessage = function (message) {
      lastHeard = Date.now();
      var frame;
      try { frame = JSON.parse(message.data); } catch (e) { return; }
      handle(frame);
    };
    opened.onclose = function (event) {
      if (socket !== opened) return;
      socket = null;
      if (FINAL_CODES[event.code]) {
        stopped = true;
        setConnection(t(FINAL_CODES[event.code]));
        return;
      }
      if (!stopped) scheduleReconnect(event.code);
    };
  }

  // The connection is gone without a close (a heartbeat unanswered, the device offline): stop waiting for it.
  function drop() {
    var dead = socket;
    socket = null;
    resuming = false;
    if (!dead) return;
    dead.onclose = dead.onmessage = dead.onopen = null;
    try { dead.close(); } catch (e) { /* already closing */ }
  }

  function scheduleReconnect(code) {
    if (retryTimer || stopped) return;
    var delay = backoff(attempts);
    var busy = code === 4013 || code === 1013;              // the server asked us to come back later
    if (busy) delay = Math.max(delay, 2000);
    if (code === 4429) delay = Math.max(delay, 10000);     // this page sent too fast
    attempts += 1;
    setConnection(t(busy ? "busy" : "reconnecting_in", { seconds: Math.ceil(delay / 1000) }));
    retryTimer = setTimeout(connect, delay);
  }

  function heartbeat() {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    var now = Date.now();
    if (pingSentAt && lastHeard < pingSentAt && now - pingSentAt > PONG_WAIT_MS) {
      drop();
      setConnection(t("reconnecting"));
      scheduleReconnect(1006);
    } else if (now - lastHeard > HEARTBEAT_MS && !(pingSentAt > lastHeard)) {
      pingSentAt = now;
      send({ type: "ping" });
    }
  }
  setInterval(heartbeat, 1000);

  window.addEventListener("offline", function () {
    if (stopped) return;
    drop();
    clearTimeout(retryTimer);
    retryTimer = null;
    setConnection(t("offline"));
  });
  window.addEventListener("online", function () {
    if (stopped) return;
    clearTimeout(retryTimer);
    retryTimer = null;
    attempts = 0;
    setConnection(t("reconnecting"));
    connect();
  });

  function send(frame) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  // Ask for what is missing: everything after the last event applied (on connecting), or only the
  // numbers between it and the first event held back (a gap that did not fill by itself).
  function requestMissing(everything) {
    if (resuming) return;
    var frame = { type: "resume", after: lastSeq };
    if (!everything && buffered.size) frame.before = Math.min.apply(null, Array.from(buffered.keys()));
    resuming = send(frame);
  }

  function watchGap() {
    if (!hasGap()) {
      clearTimeout(gapTimer);
      gapTimer = null;
    } else if (!gapTimer) {
      gapTimer = setTimeout(function () {
        gapTimer = null;
        if (hasGap()) requestMissing(false);
      }, GAP_WAIT_MS);
    }
  }

  // Frames from the server -------------------------------------------------------

  function handle(frame) {
    switch (frame.type) {
      case "hello":
        youChanged(frame.you);
        showParticipants(frame.participants);
        if (frame.state === "closed") showClosed();
        break;
      case "event":
        receive(frame);
        break;
      case "resumed":
        resuming = false;
        if (frame.more) requestMissing(false);
        else watchGap();
        break;
      case "participants":
        showParticipants(frame.count);
        break;
      case "you":
        youChanged(frame.you);
        break;
      case "ack":
        acknowledged(frame);
        break;
      case "error":
        failed(frame);
        break;
    }
  }

  // What this reader may do changed while the page was open (a mute, a new role, an edited chat).
  // A mute takes effect here at once; other changes bring new controls, so the page offers a reload.
  function youChanged(now) {
    var was = you;
    you = now;
    var holder = $("chat-you-changed");
    if (!holder) return;
    var notice = holder.firstElementChild;
    var text = notice.querySelector("span");
    if (now.muted && !was.muted) {
      var form = $("chat-submit-form");
      if (form) form.hidden = true;
      text.textContent = gettext("A moderator has muted you in this chat, so you can no longer post in it. You can still read it.");
      notice.hidden = false;
    } else if (["take_part", "moderate", "answer", "run"].some(function (key) { return now[key] !== was[key]; })) {
      text.textContent = gettext("What you can do in this chat has changed.");
      notice.hidden = false;
    }
  }

  function hasGap() {
    return buffered.size > 0 && !buffered.has(lastSeq + 1);
  }

  function receive(event) {
    if (event.seq <= lastSeq || buffered.has(event.seq)) return;  // already applied or held: a duplicate
    buffered.set(event.seq, event);
    while (buffered.has(lastSeq + 1)) {
      var next = buffered.get(lastSeq + 1);
      buffered.delete(lastSeq + 1);
      lastSeq += 1;
      apply(next);
    }
    if (!resuming) watchGap();
  }

  function showParticipants(count) {
    if (typeof count !== "number") return;
    say("chat-participants", format(ngettext("%(count)s person here.", "%(count)s people here.", count), { count: count }));
  }

  function acknowledged(frame) {
    if (frame.ref != null) outbox.delete(frame.ref);
    var form = frame.ref != null && root.querySelector("form[data-ref='" + frame.ref + "']");
    if (form) {
      form.removeAttribute("data-ref");
      var text = form.querySelector("textarea[name=text]");
      // Only the text that was sent is cleared: a member who has typed the next question while this
      // one was on its way keeps what they typed.
      if (text && (frame.of === "submit" || frame.of === "answer") && text.value === form.getAttribute("data-sent")) text.value = "";
      form.removeAttribute("data-sent");
      var id = form.querySelector("input[name=client_id]");
      if (id) id.value = newId();
    }
    if (frame.of === "submit" && frame.message.status === "pending") addMine(frame.message);
    if (frame.of === "submit") {
      say("chat-submit-status", frame.message.status === "pending"
        ? gettext("Thank you: your question is with the moderators and appears here once approved.")
        : gettext("Your message is posted."));
    }
    if (frame.of === "vote") markVoted(frame.message.id);
    if (frame.of === "answer_poll") markAnswered(frame.poll, frame.option);
    if (frame.of === "ask_poll" && form) {
      form.reset();
      var details = $("chat-ask-poll");
      if (details) details.open = false;
    }
  }

  function markAnswered(pollId, optionId) {
    var poll = $("poll-" + pollId);
    var form = poll && poll.querySelector(".chat-poll-form");
    if (!form) return;
    var label = form.querySelector("label[for='poll-" + pollId + "-option-" + optionId + "']");
    var note = el("p", "meta chat-poll-mine", t("you_answered", { answer: label ? label.textContent : "" }));
    note.tabIndex = -1;
    var hadFocus = form.contains(document.activeElement);
    form.replaceWith(note);
    if (hadFocus) note.focus();
  }

  function failed(frame) {
    if (frame.ref != null) outbox.delete(frame.ref);
    var form = frame.ref != null && root.querySelector("form[data-ref='" + frame.ref + "']");
    if (form) form.removeAttribute("data-ref");
    if (form && form.id === "chat-submit-form") {
      say("chat-submit-status", frame.message);
    } else {
      say("chat-notice", frame.message);
    }
  }

  // Applying events ---------------------------------------------------------------

  function apply(event) {
    if (presenter) {
      if (BOARD_KINDS.indexOf(event.kind) >= 0) refreshBoard();
      if (event.kind === "state" && event.state === "closed") showClosed();
      return;
    }
    switch (event.kind) {
      case "question":
        if (you.moderate) addPending(event.question);
        break;
      case "approved":
        removeEl("p-" + event.question.id);
        removeEl("m-" + event.question.id);
        addItem(event.question);
        if (you.answer && event.question.kind === "question") addQueued(event.question);
        break;
      case "message":
        addItem(event.message);
        break;
      case "rejected":
        removeEl("p-" + event.question);
        break;
      case "merged":
        ["p-", "q-", "h-"].forEach(function (p) { removeEl(p + event.question); });
        setVotes(event.into, event.votes);
        break;
      case "edited":
        ["p-", "q-", "h-", "a-"].forEach(function (p) {
          var el = $(p + event.message);
          var text = el && el.querySelector(".chat-text");
          if (text) text.textContent = event.text;
        });
        var area = $("edit-" + event.message);
        if (area) { area.defaultValue = event.text; area.value = event.text; }
        break;
      case "answer":
        addAnswer(event.answer);
        removeEl("h-" + event.answer.question);
        break;
      case "votes":
        setVotes(event.question, event.votes);
        break;
      case "removed":
        ["p-", "h-", "m-"].forEach(function (p) { removeEl(p + event.message); });
        var removed = $("q-" + event.message) || $("a-" + event.message);
        if (removed) {
          removed.querySelector(".chat-text").textContent = gettext("This message was removed by a moderator.");
          removed.classList.add("is-removed");
          var controls = removed.querySelector(".chat-controls");
          if (controls) controls.remove();
        }
        break;
      case "pinned":
        var pinned = $("q-" + event.message);
        if (pinned) pinned.classList.toggle("is-pinned", event.pinned);
        break;
      case "muted":
        say("chat-notice", format(gettext("%(member)s has been muted for this chat."), { member: event.member }));
        break;
      case "state":
        applyState(event);
        break;
      case "answering":
        showAnswering(event.question);
        break;
      case "poll":
        addPoll(event.poll);
        break;
      case "poll_votes":
        setPollVotes(event.poll, event.options, event.total);
        break;
      case "poll_closed":
        addPoll(event.poll);
        setPollVotes(event.poll.id, event.poll.options, event.poll.total);
        pollClosed(event.poll.id);
        break;
    }
    updateEmpty();
  }

  // The presenter view -------------------------------------------------------------

  // The board is rendered by the server (chat/partials/presenter_board.html): fetched again, at most
  // every 300 ms, after an event that changes it; only the latest answer is put in place.
  function refreshBoard() {
    if (boardTimer) return;
    boardTimer = setTimeout(function () {
      boardTimer = null;
      var asked = ++boardAsked;
      fetch(root.dataset.board, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          var board = $("presenter-board");
          if (html != null && board && asked === boardAsked) board.innerHTML = html;
        })
        .catch(function () { /* the next event or reconnect fetches it again */ });
    }, 300);
  }

  // "Being answered now" on the live page: the question's text, set as text.
  function showAnswering(question) {
    var section = $("chat-answering");
    if (!section) return;
    section.hidden = !question;
    $("chat-answering-text").textContent = question ? question.text : "";
    $("chat-answering-author").textContent = question ? question.author : "";
  }

  // Polls (mirrors chat/partials/poll.html) -------------------------------------------

  function addPoll(poll) {
    var list = $("chat-polls");
    if (!list || $("poll-" + poll.id)) return;
    var section = $("chat-polls-section");
    if (section) section.hidden = false;
    var li = el("li", "chat-poll");
    li.id = "poll-" + poll.id;
    li.dataset.id = poll.id;
    li.dataset.status = poll.status;
    var p = el("p", "chat-meta");
    p.appendChild(el("span", "tag chat-poll-status", t(poll.status === "open" ? "poll_running" : "poll_closed")));
    p.appendChild(document.createTextNode(" " + t("asked_by", { name: poll.asked_by })));
    li.appendChild(p);
    var heading = el("h3", "chat-poll-question", poll.question);
    heading.id = "poll-q-" + poll.id;
    li.appendChild(heading);
    if (poll.status === "open" && root.dataset.polls === "1") {
      var form = actForm("answer_poll", { poll: poll.id }, t("send_answer"), "");
      form.className = "chat-act chat-poll-form";
      var fieldset = el("fieldset");
      fieldset.appendChild(el("legend", "visually-hidden", poll.question));
      poll.options.forEach(function (option) {
        var choice = el("div", "chat-poll-choice");
        var radio = el("input");
        radio.type = "radio"; radio.name = "option"; radio.value = option.id; radio.required = true;
        radio.id = "poll-" + poll.id + "-option-" + option.id;
        var label = el("label", "", option.text);
        label.htmlFor = radio.id;
        choice.appendChild(radio);
        choice.appendChild(document.createTextNode(" "));
        choice.appendChild(label);
        fieldset.appendChild(choice);
      });
      form.insertBefore(fieldset, form.lastChild);
      li.appendChild(form);
    }
    var figure = el("figure", "chat-poll-result");
    var caption = el("figcaption");
    caption.id = "poll-result-" + poll.id;
    figure.setAttribute("aria-labelledby", caption.id);
    caption.appendChild(el("span", "poll-caption", t(poll.status === "open" ? "result_so_far" : "result")));
    caption.appendChild(document.createTextNode(": "));
    caption.appendChild(el("span", "poll-total", String(poll.total)));
    caption.appendChild(document.createTextNode(" "));
    caption.appendChild(el("span", "poll-total-word", answersWord(poll.total)));
    figure.appendChild(caption);
    var bars = el("ul", "chat-poll-bars");
    poll.options.forEach(function (option) {
      var row = el("li");
      row.dataset.option = option.id;
      row.appendChild(el("span", "poll-option-text", option.text));
      row.appendChild(document.createTextNode(" "));
      var votes = el("span", "poll-option-votes");
      votes.appendChild(el("span", "poll-votes", String(option.votes)));
      votes.appendChild(document.createTextNode(" ("));
      votes.appendChild(el("span", "poll-percent", "0"));
      votes.appendChild(document.createTextNode("%)"));
      row.appendChild(votes);
      row.appendChild(bar());
      bars.appendChild(row);
    });
    figure.appendChild(bars);
    li.appendChild(figure);
    if (poll.status === "open" && root.dataset.runPolls === "1") {
      var close = actForm("close_poll", { poll: poll.id }, t("close_poll"), "button-secondary", ": " + poll.question);
      close.classList.add("chat-poll-close");
      li.appendChild(close);
    }
    list.appendChild(li);
    setPollVotes(poll.id, poll.options, poll.total);
  }

  function bar() {
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("class", "poll-bar");
    svg.setAttribute("viewBox", "0 0 100 4");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    ["poll-bar-track", "poll-bar-fill"].forEach(function (name) {
      var rect = document.createElementNS(NS, "rect");
      rect.setAttribute("class", name);
      rect.setAttribute("width", name === "poll-bar-track" ? "100" : "0");
      rect.setAttribute("height", "4");
      svg.appendChild(rect);
    });
    return svg;
  }

  function answersWord(count) {
    return ngettext("answer", "answers", count);  // "1 answer", "2 answers" (Welsh has four forms)
  }

  function setPollVotes(pollId, options, total) {
    var poll = $("poll-" + pollId);
    if (!poll) return;
    var totalEl = poll.querySelector(".poll-total");
    if (totalEl) totalEl.textContent = String(total);
    var wordEl = poll.querySelector(".poll-total-word");
    if (wordEl) wordEl.textContent = answersWord(total);
    options.forEach(function (option) {
      var row = poll.querySelector("li[data-option='" + option.id + "']");
      if (!row) return;
      var percent = total ? Math.round(option.votes * 100 / total) : 0;
      row.querySelector(".poll-votes").textContent = String(option.votes);
      row.querySelector(".poll-percent").textContent = String(percent);
      row.querySelector(".poll-bar-fill").setAttribute("width", String(percent));
    });
  }

  function pollClosed(pollId) {
    var poll = $("poll-" + pollId);
    if (!poll) return;
    poll.dataset.status = "closed";
    var status = poll.querySelector(".chat-poll-status");
    if (status) status.textContent = t("poll_closed");
    var caption = poll.querySelector(".poll-caption");
    if (caption) caption.textContent = t("result");
    poll.querySelectorAll(".chat-poll-form, .chat-poll-close").forEach(function (form) {
      if (form.contains(document.activeElement)) keepFocusNear(form);
      form.remove();
    });
  }

  function applyState(event) {
    var status = $("chat-status");
    var end = $("chat-end");
    if (end && event.ends_at) {
      end.dateTime = event.ends_at;
      end.textContent = timeFormat.format(new Date(event.ends_at));
    }
    if (event.state === "live" && root.dataset.status !== "live") {
      root.dataset.status = "live";
      if (status) { status.textContent = gettext("Live now"); status.className = "chat-status chat-status-live"; }
      removeEl("chat-remind");  // a reminder is for a chat still to come
      removeEl("chat-advance");  // "opens on …, N questions waiting" is for a chat still to come
      showAskForm();
    }
    if (event.state === "closed") showClosed();
  }

  // The form was rendered hidden while the chat was scheduled; the chat has opened, so offer it.
  function showAskForm() {
    var form = $("chat-submit-form");
    var waiting = $("chat-ask-waiting");
    var opener = $("chat-open-form");
    if (waiting) waiting.hidden = true;
    if (opener) {
      // The host who pressed "Open the chat now" keeps focus in the controls that remain.
      var hadFocus = opener.contains(document.activeElement);
      opener.remove();
      var next = $("extend-minutes");
      if (hadFocus && next) next.focus();
    }
    if (form) {
      form.hidden = false;
      say("chat-notice", root.dataset.format === "qa" ? gettext("The chat is open: you can ask your question now.") : gettext("The chat is open: you can post now."));
    } else {
      say("chat-notice", gettext("The chat is open."));
    }
  }

  // The chat has closed: the page becomes the closed page in place. Nothing live is left on it (the ask box,
  // the connection line and count, the moderators' and hosts' panels, the reader's waiting questions, the
  // controls), and it offers the published transcript.
  function showClosed() {
    root.dataset.status = "closed";
    stopped = true;
    clearTimeout(retryTimer);
    clearTimeout(gapTimer);
    var status = $("chat-status");
    if (status) { status.textContent = gettext("Closed"); status.className = "chat-status chat-status-closed"; }
    var hadFocus = root.contains(document.activeElement) && document.activeElement !== document.body;
    ["chat-ask", "chat-mine-section", "chat-run", "chat-remind", "chat-live-line", "chat-pinned", "chat-you-changed"]
      .forEach(function (id) { var el = $(id); if (el) el.remove(); });
    root.querySelectorAll(".chat-live-only, #chat-transcript .chat-controls").forEach(function (el) { el.remove(); });
    var notice = $("chat-notice");
    if (notice) {
      notice.textContent = t("closed") + " ";
      var link = document.createElement("a");
      link.href = root.dataset.chatUrl || location.pathname;
      link.textContent = t("read_transcript");
      notice.appendChild(link);
      notice.hidden = false;
      if (hadFocus && !root.contains(document.activeElement)) {
        notice.tabIndex = -1;
        notice.focus();
      }
    }
    var closing = socket;
    socket = null;
    if (closing) closing.close();
  }

  function removeEl(id) {
    var el = $(id);
    if (!el) return;
    if (el.contains(document.activeElement)) keepFocusNear(el);
    el.remove();
  }

  // A moderator who approves or rejects keeps their place: focus moves to the next item's
  // first control, or to the section's heading when the list empties, never to the page's start.
  function keepFocusNear(el) {
    var sibling = el.nextElementSibling || el.previousElementSibling;
    var target = sibling && sibling.querySelector("button, textarea, a[href]");
    if (!target) {
      var section = el.closest("section");
      target = section && section.querySelector("h2");
      if (target) target.tabIndex = -1;
    }
    if (target) target.focus();
  }

  function setVotes(id, votes) {
    ["q-", "h-"].forEach(function (p) {
      var el = $(p + id);
      if (!el) return;
      el.dataset.votes = votes;
      var count = el.querySelector(".vote-count");
      if (count) count.textContent = votes;
      var word = count && count.nextSibling;
      if (word) word.textContent = " " + ngettext("vote", "votes", votes);
    });
    sortQueue();
  }

  function markVoted(id) {
    var item = $("q-" + id);
    var form = item && item.querySelector("form input[name=type][value=vote]");
    if (!form) return;
    var note = el("span", "meta chat-voted", gettext("You voted for this"));
    form.form.replaceWith(note);
  }

  // The member's own question waiting for the moderators, listed as the page lists it on a reload.
  function addMine(message) {
    if ($("m-" + message.id)) return;
    var list = $("chat-mine");
    if (!list) {
      var section = el("section", "chat-live-only");
      section.id = "chat-mine-section";
      section.setAttribute("aria-labelledby", "mine-heading");
      var heading = el("h2", null, gettext("Your questions awaiting approval"));
      heading.id = "mine-heading";
      list = el("ul", "plain-list");
      list.id = "chat-mine";
      section.appendChild(heading);
      section.appendChild(list);
      var ask = $("chat-ask");
      if (!ask) return;
      ask.parentNode.insertBefore(section, ask);
    }
    var text = message.text.length > 200 ? message.text.slice(0, 199) + "…" : message.text;
    var item = el("li", null, text + " ");
    item.id = "m-" + message.id;
    item.dataset.status = "pending";
    item.appendChild(el("span", "meta", "· " + gettext("awaiting approval")));
    list.appendChild(item);
  }

  function updateEmpty() {
    [["chat-pending", "chat-pending-empty"], ["chat-queue", "chat-queue-empty"], ["chat-transcript", "chat-transcript-empty"]]
      .forEach(function (pair) {
        var list = $(pair[0]);
        var empty = $(pair[1]);
        if (list && empty) empty.hidden = list.children.length > 0;
      });
    var mine = $("chat-mine");
    if (mine && !mine.children.length) removeEl("chat-mine-section");
  }

  function sortQueue() {
    var queue = $("chat-queue");
    if (!queue) return;
    var items = Array.prototype.slice.call(queue.children);
    items.sort(function (a, b) { return (b.dataset.votes | 0) - (a.dataset.votes | 0); });
    items.forEach(function (item) { queue.appendChild(item); });
  }

  // Building items (mirrors chat/templates/chat/partials/*.html) -----------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function meta(message, withVotes) {
    var p = el("p", "chat-meta");
    p.appendChild(el("span", "chat-author", message.author));
    if (message.badge) {
      p.appendChild(document.createTextNode(" "));
      p.appendChild(el("span", "badge badge-" + message.badge.toLowerCase().replace(/\s+/g, "-"), message.badge));
    }
    if (withVotes) {
      var votes = el("span", "chat-votes");
      votes.appendChild(el("span", "vote-count", String(message.votes)));
      votes.appendChild(document.createTextNode(" " + ngettext("vote", "votes", message.votes)));
      p.appendChild(document.createTextNode(" "));
      p.appendChild(votes);
    }
    return p;
  }

  function actForm(type, fields, label, extraClass, hiddenLabel) {
    var form = el("form", "inline-form chat-act");
    form.method = "post";
    form.action = root.dataset.act;
    var all = Object.assign({ csrfmiddlewaretoken: csrf, type: type }, fields);
    Object.keys(all).forEach(function (name) {
      var input = el("input");
      input.type = "hidden";
      input.name = name;
      input.value = all[name];
      form.appendChild(input);
    });
    var button = el("button", "button" + (extraClass ? " " + extraClass : ""), label);
    button.type = "submit";
    if (hiddenLabel) button.appendChild(el("span", "visually-hidden", hiddenLabel));
    form.appendChild(button);
    return form;
  }

  // Mirrors chat/partials/edit_form.html: a moderator's typo fix, logged with the original wording.
  function editForm(message) {
    var details = el("details", "chat-edit");
    var summary = el("summary", "", t("fix_typos"));
    summary.appendChild(el("span", "visually-hidden", " " + message.id));
    details.appendChild(summary);
    var edit = actForm("edit", { message: message.id }, t("save_correction"), "button-secondary");
    edit.className = "chat-act";
    var label = el("label", "", t("corrected_text", { number: message.id }));
    var area = el("textarea");
    area.name = "text"; area.rows = 3; area.required = true; area.id = "edit-" + message.id; area.value = message.text;
    label.htmlFor = area.id;
    edit.insertBefore(area, edit.lastChild);
    edit.insertBefore(label, area);
    details.appendChild(edit);
    return details;
  }

  function addItem(message) {
    var list = $("chat-transcript");
    if (!list || $("q-" + message.id)) return;
    var li = el("li", "chat-item" + (message.pinned ? " is-pinned" : ""));
    li.id = "q-" + message.id;
    li.dataset.id = message.id;
    li.dataset.votes = message.votes;
    var isQuestion = message.kind === "question";
    var p = meta(message, isQuestion);
    var link = el("a", "chat-permalink", "#" + message.id);
    link.href = "#q-" + message.id;
    p.appendChild(document.createTextNode(" "));
    p.appendChild(link);
    li.appendChild(p);
    li.appendChild(el("p", "chat-text", message.text));
    var controls = el("div", "chat-controls");
    if (isQuestion && you.take_part) controls.appendChild(actForm("vote", { question: message.id }, gettext("Vote"), "button-secondary", " " + format(gettext("for question %(number)s"), { number: message.id })));
    if (isQuestion && root.dataset.choose === "1") {
      controls.appendChild(actForm("answering", { question: message.id }, t("answering_now"), "button-secondary", " " + message.id));
    }
    if (you.moderate) {
      controls.appendChild(actForm("pin", { message: message.id, pinned: "1" }, gettext("Pin"), "button-secondary", " " + message.id));
      controls.appendChild(actForm("remove", { message: message.id }, gettext("Remove"), "button-danger", " " + message.id));
      controls.appendChild(actForm("mute", { message: message.id }, gettext("Mute author"), "button-danger", " " + format(gettext("of %(number)s"), { number: message.id })));
      controls.appendChild(editForm(message));
    }
    li.appendChild(controls);
    var answers = el("ol", "chat-answers");
    answers.setAttribute("aria-label", format(gettext("Answers to %(number)s"), { number: message.id }));
    li.appendChild(answers);
    list.appendChild(li);
  }

  function addAnswer(reply) {
    var item = $("q-" + reply.question);
    if (!item || $("a-" + reply.id)) return;
    var li = el("li", "chat-answer");
    li.id = "a-" + reply.id;
    var p = meta(reply, false);
    p.appendChild(document.createTextNode(" " + gettext("answered")));
    li.appendChild(p);
    li.appendChild(el("p", "chat-text", reply.text));
    if (you.moderate) {
      var controls = el("div", "chat-controls");
      controls.appendChild(editForm(reply));
      li.appendChild(controls);
    }
    item.querySelector(".chat-answers").appendChild(li);
  }

  function addPending(question) {
    var list = $("chat-pending");
    if (!list || $("p-" + question.id)) return;
    var li = el("li", "chat-item chat-pending");
    li.id = "p-" + question.id;
    li.dataset.id = question.id;
    var p = meta(question, false);
    p.appendChild(el("span", "meta", " #" + question.id));
    li.appendChild(p);
    li.appendChild(el("p", "chat-text", question.text));
    var controls = el("div", "chat-controls");
    controls.appendChild(actForm("approve", { question: question.id }, gettext("Approve"), "", " " + format(gettext("question %(number)s"), { number: question.id })));
    controls.appendChild(actForm("reject", { question: question.id }, gettext("Reject"), "button-danger", " " + format(gettext("question %(number)s"), { number: question.id })));
    var merge = actForm("merge", { question: question.id }, gettext("Merge"), "button-secondary");
    var label = el("label", "", gettext("Duplicate of question number"));
    var into = el("input", "chat-number");
    into.type = "number"; into.min = "1"; into.name = "into"; into.required = true; into.id = "merge-" + question.id;
    label.htmlFor = into.id;
    merge.insertBefore(into, merge.lastChild);
    merge.insertBefore(label, into);
    controls.appendChild(merge);
    controls.appendChild(editForm(question));
    controls.appendChild(actForm("mute", { message: question.id }, gettext("Mute author"), "button-danger", " " + format(gettext("of %(number)s"), { number: question.id })));
    li.appendChild(controls);
    list.appendChild(li);
  }

  function addQueued(question) {
    var list = $("chat-queue");
    if (!list || $("h-" + question.id)) return;
    var li = el("li", "chat-item chat-queued");
    li.id = "h-" + question.id;
    li.dataset.id = question.id;
    li.dataset.votes = question.votes;
    var p = meta(question, true);
    p.appendChild(el("span", "meta", " #" + question.id));
    li.appendChild(p);
    li.appendChild(el("p", "chat-text", question.text));
    if (root.dataset.choose === "1") {
      li.appendChild(actForm("answering", { question: question.id }, t("answering_now"), "button-secondary", " " + question.id));
    }
    var form = actForm("answer", { question: question.id, client_id: newId() }, gettext("Publish answer"), "");
    form.className = "chat-act chat-answer-form";
    var label = el("label", "", format(gettext("Your answer to question %(number)s"), { number: question.id }));
    var area = el("textarea");
    area.name = "text"; area.rows = 3; area.required = true; area.id = "answer-" + question.id;
    label.htmlFor = area.id;
    form.insertBefore(area, form.lastChild);
    form.insertBefore(label, area);
    li.appendChild(form);
    list.appendChild(li);
    sortQueue();
  }

  // Forms become frames -------------------------------------------------------------

  function frameFrom(form) {
    var frame = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return;
      if (name === "options") (frame.options = frame.options || []).push(value);
      else if (INT_FIELDS.indexOf(name) >= 0) frame[name] = parseInt(value, 10);
      else if (name === "pinned") frame[name] = value === "1";
      else frame[name] = value;
    });
    return frame;
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    var isSubmit = form.id === "chat-submit-form";
    if (!isSubmit && !form.classList.contains("chat-act")) return;
    if (!socket || socket.readyState !== WebSocket.OPEN) return; // post the form the ordinary way
    var frame = frameFrom(form);
    if (isSubmit) frame.type = "submit";
    var text = form.querySelector("textarea[name=text]");
    if (text && !text.value.trim()) {
      event.preventDefault();
      if (isSubmit) say("chat-submit-status", gettext("Please write your question first."));
      text.focus();
      return;
    }
    event.preventDefault();
    var id = form.querySelector("input[name=client_id]");
    if (id && text && form.getAttribute("data-ref") === id.value && text.value !== form.getAttribute("data-sent")) {
      // The last message is still waiting for its acknowledgement (its own event can arrive first)
      // and this is a different one: under the same id the server would take it for a repeat of
      // the last and keep only that. A repeat of the same text keeps the id, so a double click posts once.
      id.value = newId();
      frame.client_id = id.value;
    }
    frame.ref = frame.client_id || newId();
    form.setAttribute("data-ref", frame.ref);
    if (text) form.setAttribute("data-sent", text.value);
    if (frame.client_id) outbox.set(frame.ref, frame);
    if (isSubmit) say("chat-submit-status", gettext("Sending…"));
    send(frame);
  });

  // For the page's own tests and for anyone debugging a connection from the console.
  window.liveChat = { backoff: backoff, lastSeq: function () { return lastSeq; } };

  connect();
})();
