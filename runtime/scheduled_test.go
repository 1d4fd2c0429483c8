package runtime

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestScheduledModules(t *testing.T) {
	iso, out := startWorker(t, `
let runs: string[] = [];
export default {
  async scheduled(controller: ScheduledController, env: any, ctx: ExecutionContext) {
    controller.noRetry();
    ctx.waitUntil(new Promise((r) => setTimeout(r, 5)).then(() => console.log("waited")));
    console.log("ran", controller.cron, controller.scheduledTime, controller.constructor.name);
    if (controller.cron === "fail") throw new Error("cron failed");
  },
  async fetch(): Promise<Response> { return new Response("x"); },
};`)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := iso.Scheduled(ctx, "*/5 * * * *", time.UnixMilli(1700000000123)); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, "ran */5 * * * * 1700000000123 ScheduledController\nwaited\n") {
		t.Fatalf("output = %q (waitUntil work must finish before Scheduled returns)", got)
	}
	err := iso.Scheduled(ctx, "fail", time.Now())
	var ex *Exception
	if !errors.As(err, &ex) || ex.Message != "cron failed" {
		t.Fatalf("a throwing handler: %v", err)
	}
}

func TestScheduledServiceWorkerAndMissingHandler(t *testing.T) {
	iso, out := startWorker(t, `
addEventListener("scheduled", (event: any) => {
  event.waitUntil(Promise.resolve().then(() => console.log("sw", event.type, event.cron)));
});
addEventListener("fetch", (event: any) => event.respondWith(new Response("x")));`)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := iso.Scheduled(ctx, "0 0 * * *", time.Now()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "sw scheduled 0 0 * * *") {
		t.Fatalf("output = %q", out.String())
	}
	plain, _ := startWorker(t, `export default { fetch() { return new Response("x"); } };`)
	if err := plain.Scheduled(ctx, "", time.Now()); err == nil || !strings.Contains(err.Error(), "does not export a scheduled() function") {
		t.Fatalf("no handler: %v", err)
	}
}
