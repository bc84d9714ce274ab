// Incremental reader of an OpenAI-compatible SSE stream: keeps the final `usage` chunk (sent
// when stream_options.include_usage is on) and counts content deltas as a fallback, so a
// streamed request is never accounted as zero.
export interface StreamUsage {
  promptTokens: number;
  completionTokens: number;
}

export class SseUsageReader {
  private buf = "";
  usage: StreamUsage | null = null;
  deltas = 0;

  push(chunk: Buffer): void {
    this.buf += chunk.toString("utf8");
    let nl: number;
    while ((nl = this.buf.indexOf("\n")) >= 0) {
      const line = this.buf.slice(0, nl).trim();
      this.buf = this.buf.slice(nl + 1);
      if (!line.startsWith("data:")) continue;
      const data = line.slice(5).trim();
      if (!data || data === "[DONE]") continue;
      try {
        const obj = JSON.parse(data) as {
          usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
          choices?: { delta?: { content?: string } }[];
        };
        if (obj.usage && typeof obj.usage.prompt_tokens === "number") {
          this.usage = { promptTokens: obj.usage.prompt_tokens, completionTokens: obj.usage.completion_tokens ?? 0 };
        }
        if (obj.choices?.some((c) => typeof c.delta?.content === "string" && c.delta.content.length > 0)) this.deltas++;
      } catch {
        // A malformed event is forwarded untouched; it just does not count.
      }
    }
  }
}

/** Usage from a non-streamed completion body, or null when the upstream sent none. */
export function bodyUsage(body: Buffer): StreamUsage | null {
  try {
    const u = (JSON.parse(body.toString("utf8")) as { usage?: { prompt_tokens?: number; completion_tokens?: number } })
      .usage;
    return u && typeof u.prompt_tokens === "number"
      ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens ?? 0 }
      : null;
  } catch {
    return null;
  }
}
