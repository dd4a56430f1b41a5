// Web chat client: posts to /chat/messages and polls for staff replies. No framework, no CDN.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  let cursor = 0;
  // The server takes up to 20,000 characters in one message (bot/engine.py MAX_STORED_CHARS); a longer
  // paste goes in parts, so nothing is cut off and no error reaches the person.
  const MAX_PART = 20000;
  const TRY_AGAIN = "Pesan belum terkirim. Coba lagi sebentar. / Not sent yet, please try again.";

  function userId() {
    let id = localStorage.getItem("helpline-user");
    if (!id) {
      const bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      id = "w" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      localStorage.setItem("helpline-user", id);
    }
    return id;
  }

  function show(who, text, buttons) {
    const div = document.createElement("div");
    div.className = "msg " + who;
    div.textContent = text;
    if (buttons && buttons.length) {
      const row = document.createElement("div");
      row.className = "buttons";
      for (const b of buttons) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.title;
        btn.dataset.id = b.id;
        btn.addEventListener("click", () => send({ button: b.id }, b.title));
        row.appendChild(btn);
      }
      div.appendChild(row);
    }
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  async function send(payload, echo) {
    show("user", echo);
    payload.user = userId();
    payload.id = userId() + "-" + Date.now() + "-" + Math.random().toString(36).slice(2, 8);
    try {
      const res = await fetch("/chat/messages", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload),
      });
      const data = await res.json();
      if (!res.ok) { show("bot error", TRY_AGAIN); return; }
      for (const r of data.replies) show("bot", r.text, r.buttons);
      cursor = Math.max(cursor, data.cursor || 0);
    } catch (e) {
      show("bot error", "Koneksi terputus. Coba lagi. / Connection lost, please retry.");
    }
  }

  async function poll() {
    try {
      const res = await fetch("/chat/messages?user=" + encodeURIComponent(userId()) + "&after=" + cursor);
      if (res.ok) {
        const data = await res.json();
        for (const m of data.messages) show(m.from, m.text, m.buttons);
        cursor = Math.max(cursor, data.cursor || 0);
      }
    } catch (e) { /* offline: try again on the next tick */ }
    setTimeout(poll, 2000);
  }

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    for (let i = 0; i < text.length; i += MAX_PART) {
      const part = text.slice(i, i + MAX_PART);
      await send({ text: part }, part);  // one after another: the parts arrive in order
    }
  });
  document.getElementById("sos").addEventListener("click", () => send({ button: "emergency" }, "Darurat / Emergency"));

  // Start from the newest message so a reload does not replay the whole history.
  fetch("/chat/messages?user=" + encodeURIComponent(userId()) + "&after=0")
    .then((r) => r.json())
    .then((d) => { cursor = d.cursor || 0; if (!cursor) send({ text: "/start" }, "👋"); })
    .finally(() => setTimeout(poll, 2000));
})();
