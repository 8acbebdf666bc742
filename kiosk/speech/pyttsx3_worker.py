"""The pyttsx3 worker process: one voice, one rate, one volume for its whole life.

    python pyttsx3_worker.py --voice de --rate 150 --volume 0.9
    → {"ready": true}                      once pyttsx3 is initialized and warmed up
    ← {"text": "...", "out": "/path.wav"}  one request per line on stdin
    → {"ok": true}  or  {"ok": false, "error": "..."}

Run by path, not as part of the kiosk package, so it starts fast and imports nothing but
pyttsx3. It is a process of its own because pyttsx3's espeak driver can hang in
runAndWait(); a hung process can be killed, a hung thread cannot.

Why the properties are fixed per process: pyttsx3 2.99 drives libespeak-ng in its
asynchronous mode, and a property changed between two files races with espeak's own
thread. On the development machine a changed rate was applied to the wrong file about
every second time, and some files came out empty; with properties set once and a
warm-up sentence before the first request, 480 files in a row were all right.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import wave


def _frames(path: str) -> int:
    try:
        with wave.open(path, "rb") as wav:
            return wav.getnframes()
    except (OSError, EOFError, wave.Error):
        return 0


def _render(engine: object, text: str, out: str) -> None:
    engine.save_to_file(text, out)  # type: ignore[attr-defined]
    engine.runAndWait()             # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voice", default="de")
    parser.add_argument("--rate", type=int, default=150)
    parser.add_argument("--volume", type=float, default=1.0)
    args = parser.parse_args()
    reply = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    # The espeak driver prints "Audio saved to …" on stdout; keep the answers clean.
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        import pyttsx3

        engine = pyttsx3.init("espeak")
        engine.setProperty("voice", args.voice)
        engine.setProperty("rate", args.rate)
        engine.setProperty("volume", args.volume)
        with tempfile.TemporaryDirectory() as tmp:
            _render(engine, "Hallo.", os.path.join(tmp, "warm.wav"))  # settles the settings
    except Exception as exc:  # the top of this process: report why, then end
        reply.write(json.dumps({"ready": False, "error": f"{type(exc).__name__}: {exc}"}) + "\n")
        return 1
    reply.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        try:
            request = json.loads(line)
            _render(engine, request["text"], request["out"])
            if _frames(request["out"]) == 0:  # seen now and then: one more try is cheap
                _render(engine, request["text"], request["out"])
            answer: dict = {"ok": True}
        except Exception as exc:  # the worker's top loop: answer with the reason
            answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        reply.write(json.dumps(answer) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
