#!/usr/bin/env python3
# browser.py — drives Debian's headless Chromium for the console's tests,
# over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON
# messages ended by NUL on file descriptors 3 and 4), so nothing but the
# Python standard library is needed. The steps come as words:
#
#   browser.py STEP... where STEP is one of
#     go URL             open URL and wait for it to load
#     fill CSS VALUE     set the value of the field CSS selects
#     click CSS          click what CSS selects and wait for the page it opens
#     status N           the last page opened answered HTTP N (else exit 1)
#     has TEXT           the page's text holds TEXT (else exit 1)
#     hasnt TEXT         the page's text does not hold TEXT (else exit 1)
#     dump FILE          the page's HTML into FILE
#     shot FILE          a PNG screenshot of the page into FILE
#     cookies FILE       the browser's cookies as JSON into FILE
#     download CSS DIR   click what CSS selects and wait for the file it
#                        downloads into DIR (kept under its suggested name)
#     wait SECONDS       let time pass (for a session to expire)
#     lang LANG          ask for pages in LANG (Accept-Language), before go
#     remove CSS         take what CSS selects out of the page (a form's
#                        hidden CSRF field, to see the server refuse it)
#
# BROWSER_IGNORE_CERT=1 in the environment lets a self-made certificate
# through (the HTTPS test makes its own).
#
# Each failed expectation prints one line naming the step. The browser
# runs with a fresh profile in a temporary folder and is stopped at the
# end; exit 0 when every step held.
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT = 30.0


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="doorstep-chromium-")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if not exe:
            sys.exit("browser.py: chromium is not installed")
        args = [exe, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking",
                "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1024,768", "--user-data-dir=" + self.profile,
                "--remote-debugging-pipe"]
        if os.environ.get("BROWSER_IGNORE_CERT") == "1":
            args.append("--ignore-certificate-errors")

        def fds():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.proc = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=fds,
                                     stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None
        self.last_status = None
        target = self.call("Target.createTarget", {"url": "about:blank"})
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": target["targetId"],
                                  "flatten": True})["sessionId"]
        self.call("Page.enable", {}, session=True)
        self.call("Network.enable", {}, session=True)

    def close(self):
        try:
            self.call("Browser.close", {})
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise RuntimeError("chromium stopped")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def _note(self, msg):
        if msg.get("method") == "Network.responseReceived":
            p = msg["params"]
            if p.get("type") == "Document":
                self.last_status = p["response"]["status"]
        self.events.append(msg)

    def call(self, method, params, session=False):
        self.next_id += 1
        mid = self.next_id
        msg = {"id": mid, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + TIMEOUT
        while True:
            m = self._read_message(deadline)
            if m.get("id") == mid:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self._note(m)

    def wait_event(self, method):
        deadline = time.time() + TIMEOUT
        for i, m in enumerate(self.events):
            if m.get("method") == method:
                del self.events[: i + 1]
                return m
        self.events.clear()
        while True:
            m = self._read_message(deadline)
            self._note(m)
            if m.get("method") == method:
                self.events.clear()
                return m

    def evaluate(self, expr):
        r = self.call("Runtime.evaluate",
                      {"expression": expr, "returnByValue": True},
                      session=True)
        if "exceptionDetails" in r:
            raise RuntimeError("script failed: %s" % r["exceptionDetails"])
        return r["result"].get("value")


def main(argv):
    steps = list(argv)
    b = Browser()
    ok = True
    try:
        while steps:
            step = steps.pop(0)

            def arg():
                if not steps:
                    raise SystemExit("browser.py: %s needs a value" % step)
                return steps.pop(0)

            if step == "go":
                url = arg()
                b.events.clear()
                b.call("Page.navigate", {"url": url}, session=True)
                b.wait_event("Page.loadEventFired")
            elif step == "lang":
                b.call("Network.setExtraHTTPHeaders",
                       {"headers": {"Accept-Language": arg()}}, session=True)
            elif step == "fill":
                css, value = arg(), arg()
                found = b.evaluate(
                    "(function(){var e=document.querySelector(%s);"
                    "if(!e)return false;e.value=%s;return true;})()"
                    % (json.dumps(css), json.dumps(value)))
                if not found:
                    print("browser.py: fill: nothing matches %s" % css)
                    ok = False
                    break
            elif step == "click":
                css = arg()
                b.events.clear()
                found = b.evaluate(
                    "(function(){var e=document.querySelector(%s);"
                    "if(!e)return false;e.click();return true;})()"
                    % json.dumps(css))
                if not found:
                    print("browser.py: click: nothing matches %s" % css)
                    ok = False
                    break
                b.wait_event("Page.loadEventFired")
            elif step == "status":
                want = int(arg())
                if b.last_status != want:
                    print("browser.py: status: the page answered %s, not %d"
                          % (b.last_status, want))
                    ok = False
            elif step in ("has", "hasnt"):
                text = arg()
                body = b.evaluate("document.body ? document.body.innerText : ''")
                if (text in body) != (step == "has"):
                    print("browser.py: %s: %r %s on the page" %
                          (step, text, "is not" if step == "has" else "is"))
                    ok = False
            elif step == "dump":
                path = arg()
                html = b.evaluate("document.documentElement.outerHTML")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(html)
            elif step == "shot":
                import base64
                path = arg()
                r = b.call("Page.captureScreenshot", {"format": "png"},
                           session=True)
                with open(path, "wb") as f:
                    f.write(base64.b64decode(r["data"]))
            elif step == "cookies":
                path = arg()
                r = b.call("Network.getCookies", {}, session=True)
                with open(path, "w", encoding="utf-8") as f:
                    json.dump(r.get("cookies", []), f)
            elif step == "download":
                css, folder = arg(), os.path.abspath(arg())
                b.call("Browser.setDownloadBehavior",
                       {"behavior": "allow", "downloadPath": folder,
                        "eventsEnabled": True})
                b.events.clear()
                found = b.evaluate(
                    "(function(){var e=document.querySelector(%s);"
                    "if(!e)return false;e.click();return true;})()"
                    % json.dumps(css))
                if not found:
                    print("browser.py: download: nothing matches %s" % css)
                    ok = False
                    break
                while True:
                    m = b.wait_event("Browser.downloadProgress")
                    state = m["params"].get("state")
                    if state == "completed":
                        break
                    if state == "canceled":
                        print("browser.py: download: canceled")
                        ok = False
                        break
            elif step == "remove":
                css = arg()
                n = b.evaluate("(function(){var l=document.querySelectorAll(%s);"
                               "l.forEach(function(e){e.remove();});return l.length;})()"
                               % json.dumps(css))
                if not n:
                    print("browser.py: remove: nothing matches %s" % css)
                    ok = False
                    break
            elif step == "wait":
                time.sleep(float(arg()))
            else:
                raise SystemExit("browser.py: unknown step %s" % step)
    finally:
        b.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
