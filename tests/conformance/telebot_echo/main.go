// A Go telebot v3 echo bot: the conformance suite's compiled client (see ../conformance_echo.py).
//
// It is the smallest telebot program that answers every text with itself, long polling the Bot API
// at the base URL it is given, or, given a listen address, in webhook mode: telebot's own Webhook
// poller calls setWebhook with http://LISTEN/ and a secret token, and serves the deliveries. It runs
// until killed; the test reads the emulator's ledger to judge it.
//
// Build (Debian's golang-gopkg-telebot.v3-dev, no network):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o telebot_echo .
//
// Usage: telebot_echo BASE_URL TOKEN_FILE [WEBHOOK_LISTEN]
// (the token comes from a file so that it never appears in a process listing)
package main

import (
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	tele "gopkg.in/telebot.v3"
)

func main() {
	if len(os.Args) != 3 && len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: telebot_echo BASE_URL TOKEN_FILE [WEBHOOK_LISTEN]")
		os.Exit(2)
	}
	token, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "telebot_echo: cannot read the token file:", err)
		os.Exit(2)
	}
	var poller tele.Poller = &tele.LongPoller{Timeout: 5 * time.Second}
	mode := "polling"
	if len(os.Args) == 4 {
		listen := os.Args[3]
		poller = &tele.Webhook{
			Listen:      listen,
			SecretToken: "conformance-secret_1",
			Endpoint:    &tele.WebhookEndpoint{PublicURL: "http://" + listen + "/"},
		}
		mode = "webhook on " + listen
	}
	bot, err := tele.NewBot(tele.Settings{
		URL:    os.Args[1],
		Token:  strings.TrimSpace(string(token)),
		Poller: poller,
		// Errors are logged without the update: telebot's default logger prints nothing secret,
		// but a failed request's error text would carry the URL with the token.
		OnError: func(err error, c tele.Context) { log.Println("handler error") },
	})
	if err != nil {
		// NewBot calls getMe: this is where telebot failed against a server that refused `null`.
		fmt.Fprintln(os.Stderr, "telebot_echo: getMe failed")
		os.Exit(1)
	}
	bot.Handle(tele.OnText, func(c tele.Context) error {
		return c.Send(c.Text())
	})
	fmt.Println("telebot_echo: " + mode + " as @" + bot.Me.Username)
	bot.Start()
}
