# Words in one field: title:, org:, description: OR goal:.
grantsearch search title:театр
grantsearch search -n 1 org:фонд
grantsearch search -n 3 description:школьники OR goal:ЗОЖ
