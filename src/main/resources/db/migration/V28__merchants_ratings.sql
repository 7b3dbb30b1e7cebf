-- Ratings of merchants by their payers (issue 10, M-reputation). See docs/merchants.md, "Reputation".

-- A payer's 1-5 rating of one of their own succeeded merchant payments, once per payment.
create table merchants.ratings (
  payment_id uuid primary key references merchants.payments (id),
  merchant_id uuid not null references merchants.merchants (id),
  payer_user_id uuid not null,
  stars smallint not null check (stars between 1 and 5),
  comment text check (length(comment) between 1 and 500),
  created_at timestamptz not null
);

create index ratings_by_merchant on merchants.ratings (merchant_id);
