import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

// The grader picks the port: always read it from the environment.
const port = Number(process.env.PORT ?? 3000);

interface Item {
  id: string;
  name: string;
  price: number;
}

const items = new Map<string, Item>();

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  // TODO: GET /health should answer 200 with the JSON body {"status":"ok"}.
  if (req.url === '/health') {
    res.end('ok');
    return;
  }

  // TODO: POST /items reads a JSON body {"name": string, "price": number},
  //       stores the item with a new id and answers 201 with a Location header
  //       (/items/<id>) and the item as JSON. Bad JSON or a bad item → 400 with {"error": "..."}.

  // TODO: GET /items/<id> answers 200 with the item, or 404 {"error": "..."}.

  // TODO: every other route → 404 with a JSON error.
  res.writeHead(404);
  res.end('not found');
});

server.listen(port, () => {
  console.log(`catalog listening on port ${port}`);
});

// Keep these in use until you write the handlers above.
void items;
void sendJson;
