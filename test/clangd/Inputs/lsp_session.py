"""Drives a language server over stdin/stdout as an editor does: initialize,
open the files (all at once), wait for the diagnostics of each, ask for the
code actions at each diagnostic, shut down. Prints what an editor would
show, one line per item, file by file in the order given:

  file NAME
  diagnostic LINE:COL SEVERITY SOURCE CODE: MESSAGE
  related LINE:COL: MESSAGE
  action KIND "TITLE" LINE:COL-LINE:COL => "NEW TEXT"

Lines and columns are 1-based, as in compiler output.

usage: lsp_session.py FILE... [--timeout S] -- SERVER ARGS...
"""
import argparse
import json
import os
import subprocess
import sys
import threading
import queue


class Server:
    def __init__(self, command):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        self.messages = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params, timeout):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method,
                   "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id, timeout)["result"]

    def wait(self, wanted, timeout):
        while True:
            message = self.messages.get(timeout=timeout)
            if message is None:
                sys.exit("the server stopped")
            if wanted(message):
                return message


def position(p):
    return f"{p['line'] + 1}:{p['character'] + 1}"


SEVERITIES = {1: "error", 2: "warning", 3: "information", 4: "hint"}


def show(server, uri, diagnostics, timeout):
    for diagnostic in diagnostics:
        print(f"diagnostic {position(diagnostic['range']['start'])} "
              f"{SEVERITIES[diagnostic.get('severity', 1)]} "
              f"{diagnostic.get('source', '')} {diagnostic.get('code', '')}: "
              f"{diagnostic['message']}")
        if "codeDescription" in diagnostic:
            print(f"link {diagnostic['codeDescription']['href']}")
        for related in diagnostic.get("relatedInformation", []):
            print(f"related {position(related['location']['range']['start'])}: "
                  f"{related['message']}")
        actions = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]},
        }, timeout)
        for action in actions or []:
            for edit in action.get("edit", {}).get("changes", {}).get(uri, []):
                r = edit["range"]
                print(f"action {action.get('kind', '')} \"{action['title']}\" "
                      f"{position(r['start'])}-{position(r['end'])} => "
                      f"\"{edit['newText']}\"")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("files", nargs="+")
    argv = sys.argv[1:]
    split = argv.index("--")
    args = parser.parse_args(argv[:split])
    command = argv[split + 1:]

    paths = [os.path.abspath(f) for f in args.files]
    server = Server(command)
    server.request("initialize", {
        "processId": os.getpid(),
        "rootUri": "file://" + os.path.dirname(paths[0]),
        "capabilities": {"textDocument": {
            "publishDiagnostics": {"relatedInformation": True},
            "codeAction": {"codeActionLiteralSupport": {
                "codeActionKind": {"valueSet": ["quickfix"]}}}}},
    }, args.timeout)
    server.notify("initialized", {})
    for path in paths:
        with open(path) as source:
            server.notify("textDocument/didOpen", {"textDocument": {
                "uri": "file://" + path, "languageId": "c", "version": 1,
                "text": source.read()}})
    # clangd also publishes the diagnostics of the .clangd files it reads.
    opened = {"file://" + path for path in paths}
    published = {}
    while len(published) < len(paths):
        message = server.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] in opened, args.timeout)
        published[message["params"]["uri"]] = message["params"]["diagnostics"]
    for path in paths:
        print("file", os.path.basename(path))
        show(server, "file://" + path, published["file://" + path], args.timeout)
    server.request("shutdown", None, args.timeout)
    server.notify("exit", None)
    server.process.wait(timeout=args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
